"""The shared test kit: helpers and fixtures every app's tests may use (docs/testing.md),
and the day-in-the-life scenario (``day.py``). It sits above every app; production code
never imports it."""
