"""Every dispatcher gets routers of its own. A handler module registers its handlers on a module-level
`router`, which is a template and is never attached: aiogram lets a router have one parent only, so a
second dispatcher in the same process (a restart, the next test) could not take it. `fresh` makes a new
router holding the template's handlers; filters that apply to a whole router (the audience's role) are
set on the new one by the package that builds it, once."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.models import Role


def fresh(template: Router) -> Router:
    router = Router(name=template.name)
    for name, observer in template.observers.items():
        router.observers[name].handlers.extend(observer.handlers)
    return router


def audience(name: str, templates: list[Router], *roles: Role) -> Router:
    """One audience's router over fresh copies of its handler modules' routers, in the order given; with
    `roles`, only accounts holding one of them get in (checked once, on messages and button presses)."""
    router = Router(name=name)
    if roles:
        router.message.filter(HasRole(*roles))
        router.callback_query.filter(HasRole(*roles))
    router.include_routers(*(fresh(template) for template in templates))
    return router
