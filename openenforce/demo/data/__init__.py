"""The demo data, as plain Python values: agencies and users (``accounts``), and one
catalogue module per agency that has one (``bureau``, ``market``).

Names of people are invented; statutes and their articles are real. Texts are short
summaries written for the demo, not quotations of the statutes.
"""
