"""One module per CLI command group. Each module defines

    def add_parser(subparsers) -> None

which adds its sub-command(s) and sets ``func=<callable(args) -> int>`` as the
parser default. Modules must not import torch, transformers, trl or sae_lens at
module level, so that ``featurectl --help`` stays fast: import inside the handler.
"""
