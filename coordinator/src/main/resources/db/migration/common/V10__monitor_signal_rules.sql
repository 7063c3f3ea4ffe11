-- Each monitor's SignalRules (REGIONAL, slow-connect warning, flap detection) as one line of
-- key=value words (SignalRules.format()); empty: the defaults (REGIONAL shown after 3 rounds, not
-- alerted; no slow-connect warning; no flap detection), so existing monitors keep behaving as before.
ALTER TABLE monitors ADD COLUMN signals TEXT NOT NULL DEFAULT '';
