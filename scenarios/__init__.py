"""Scenarios: the YAML format, its loader and checks, and the built-in bank (package data)."""
