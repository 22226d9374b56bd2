"""The demo's scenarios: the demo cases (``cases``) and what builds on them, one module
per topic, each with ``load_demo(*, actor) -> list[str]`` (see ``demo.services``)."""
