"""Warnings (预警): rules kept as data, each with its level and the article or rule it
rests on, evaluated daily; a warning names its subject and is acknowledged or resolved."""
