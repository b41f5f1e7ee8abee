-- Migration 0004: a QF decision that corrects an earlier one of the same year records why (a
-- supervisor's reason: a change of situation, an input error). NULL for a first decision.

ALTER TABLE qf_decisions ADD COLUMN correction TEXT;
