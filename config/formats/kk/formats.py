# Kazakh date and number formats, which Django doesn't ship: "2026 жылғы 1 қараша".
# Cyrillic letters are not format characters, so "жылғы" needs no escaping; E is the
# month's alternative (lower-case) name from locale_django_kk.
DATE_FORMAT = "Y жылғы j E"
DATETIME_FORMAT = "Y жылғы j E, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y жылғы F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a no-break space
NUMBER_GROUPING = 3
