"""Payments service layer: handlers (plain functions), the unit of work, events out."""
