"""The domain core. Services take an AsyncSession and plain values and never import aiogram."""
