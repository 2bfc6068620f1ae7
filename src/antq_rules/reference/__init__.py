"""Reference documentation generated from a compiled pack (Markdown, Vietnamese or English).

>>> import antq_rules
>>> from antq_rules.reference import render_pack_markdown
>>> page = render_pack_markdown(antq_rules.shipped_pack("vn.bca.tt124"))
>>> page.startswith("# ")
True

From the command line: ``python -m antq_rules.reference vn.bca.tt124 > docs/packs/tt124.md``.
"""

from antq_rules.reference._markdown import render_pack_markdown

__all__ = ["render_pack_markdown"]
