"""System checks of the core app (registered in CoreConfig.ready)."""
