"""policy-lineage: a knowledge graph of Vietnamese policy lineage."""

__version__ = "0.1.0"
