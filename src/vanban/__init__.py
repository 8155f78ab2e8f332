"""vanban: docs-as-code for Vietnamese administrative documents.

The pipeline follows the data, one module per step:
load -> validate -> compute -> check -> render -> write, driven by ``build``.
"""

__version__ = "0.1.0"
