"""The scheduled jobs: the only code that knows APScheduler (`scheduler.py`). Each domain's jobs live in
their own module and take a `JobContext`; `registry.JOBS` declares them once for the scheduler and for
`./run.sh job <name>`. Each is idempotent through the database (JobRun rows, unique ledger and outbox
keys), so a run that comes late, twice, or by hand does its work once."""
