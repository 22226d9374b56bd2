"""The shared test kit: scenarios that drive the whole system through its real interfaces.

A layer above every app: it may import anything; production code never imports it.
"""
