-- Remote hosts reached over SSH (JSch), with their pinned host keys; the inner hop of a pair; job direction and limits.
-- One statement per column: H2 and PostgreSQL differ on adding several at once.

ALTER TABLE host ADD COLUMN address VARCHAR(255);
ALTER TABLE host ADD COLUMN port INTEGER;
ALTER TABLE host ADD COLUMN username VARCHAR(32);
-- A private key file on the app's machine, or a pasted key stored encrypted (AES-GCM, key from the environment).
ALTER TABLE host ADD COLUMN key_file VARCHAR(4096);
ALTER TABLE host ADD COLUMN key_secret VARCHAR(16000);
ALTER TABLE host ADD COLUMN passphrase_secret VARCHAR(2000);
-- The accepted host key ("ssh-ed25519 AAAA..."); nothing runs on the host while it is empty.
ALTER TABLE host ADD COLUMN host_key VARCHAR(16000);
-- A key the host presented that is not (or no longer) the accepted one, kept for an admin to look at and accept.
ALTER TABLE host ADD COLUMN offered_host_key VARCHAR(16000);
ALTER TABLE host ADD COLUMN offered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE host ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE host ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE host ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;

-- How the host that runs rsync reaches the other side (its own ssh); empty means the peer host's own settings.
ALTER TABLE pair ADD COLUMN hop_address VARCHAR(255);
ALTER TABLE pair ADD COLUMN hop_port INTEGER;
ALTER TABLE pair ADD COLUMN hop_identity_file VARCHAR(4096);
ALTER TABLE pair ADD COLUMN hop_known_hosts_file VARCHAR(4096);

-- PUSH: rsync runs on the primary and sends to the standby; PULL: it runs on the standby and fetches.
ALTER TABLE sync_job ADD COLUMN direction VARCHAR(10) DEFAULT 'PUSH' NOT NULL;
ALTER TABLE sync_job ADD COLUMN timeout_seconds INTEGER;
ALTER TABLE sync_job ADD COLUMN no_output_timeout_seconds INTEGER;
