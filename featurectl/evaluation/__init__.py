"""Offline evaluators for generated text (language, JSON, refusal, sentiment).

Kept free of heavy imports: import ``featurectl.evaluation.control`` directly.
"""
