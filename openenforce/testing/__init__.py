"""The shared test kit: helpers every app's tests may use. Production code never imports it."""
