"""TalentDesk (教育人才工作台): offline teacher records for county education bureaus."""

__version__ = "0.1.0"
