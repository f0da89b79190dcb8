"""Date and time formats per language (FORMAT_MODULE_PATH): templates write
`date:"DATE_FORMAT"`, `date:"DATETIME_FORMAT"`, `time:"TIME_FORMAT"` and, in tables,
`date:"SHORT_DATE_FORMAT"`, never a format of their own."""
