"""TalentDesk (教育人才工作台): offline teacher records for county education bureaus."""

__version__ = "0.2.0"  # the one version number: pyproject, installers, .deb and 关于 read it; bump with CHANGELOG.md
