"""The OOXML layer: what a .docx (or .xlsx) is made of, and nothing of ours.

- ``names``    the XML namespaces and qualified names (``w:``, DrawingML, VML, markup compatibility), once;
- ``package``  reading the parts of a package and writing one with the same bytes for the same parts;
- ``format``   the formatting Word shows for a run and a paragraph (styles, defaults, numbering, tables):
               the one resolver the linter, the header rules and the tests use.

It imports python-docx and lxml only; every other layer of vanban may use it.
"""
