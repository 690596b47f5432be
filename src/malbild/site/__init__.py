"""Composition layer: the pages that combine several apps (the start page, an organisation's
overview) and the URL conf that assembles the `organisation` namespace. Domain apps never
import this package (docs/development.md, "Layers")."""
