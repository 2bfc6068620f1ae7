"""``python -m antq_rules.schemas FOLDER``: write the shipped JSON Schemas (docs/schemas/) again."""

import sys

from antq_rules.schemas import write_schemas

if __name__ == "__main__":
    for path in write_schemas(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas"):
        print(path)
