"""Consolidation: continuation plans, milestones, handovers, readiness, decisions, meetings."""
