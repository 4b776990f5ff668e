"""The platform rule language: declarative conditions over signals and context that yield actions.

``when`` expressions are parsed by a small recursive-descent parser into a tree, type-checked
against a fixed vocabulary (:mod:`.fields`) and compiled to closures; nothing is ever ``eval``-ed.
"""
