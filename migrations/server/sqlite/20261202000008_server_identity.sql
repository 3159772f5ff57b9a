-- Which server this is: a device keeps it when it joins and refuses to send its work to
-- another server answering at the same address (another provider's, or one reinstalled).
CREATE TABLE server_identity (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    id        TEXT NOT NULL
);
