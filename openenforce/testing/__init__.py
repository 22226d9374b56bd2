"""The shared test kit: helpers every app's tests may use, and the day-in-the-life
scenario (``day.py``). It sits above every app; production code never imports it."""
