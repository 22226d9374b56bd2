"""Simplified Chinese numbers as Chinese statistical and financial tables print them:
thousands grouped with a comma (千分位, 1,196,000.00). Django's zh_Hans formats group by
four digits with no separator, so an amount forced into groups (``floatformat:"2g"``)
showed as 1196000.00. Only the grouping is overridden; dates keep Django's formats."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
