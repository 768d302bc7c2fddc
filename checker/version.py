"""The checker's version: its own module, so what needs it (the compile cache's keys, the
renderers) does not import the package's public API, which loads the pipeline on first use."""

__version__ = "0.1.0"
