from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    # static/root is served at the site root by WhiteNoise (the crisis page);
    # collecting it under /static/ as well would only publish a second copy.
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "root"]
