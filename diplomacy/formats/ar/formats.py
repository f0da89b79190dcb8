"""The portal's one way of writing dates and times, in Arabic (see diplomacy/formats).

Django's Arabic formats put an Arabic comma inside the date («29 نوفمبر، 2026») and write
12-hour times; the portal writes day month year and 24-hour times in both languages.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# Compact forms for tables: ISO dates read the same in both languages.
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
