-- Bearer tokens of the local IAM (s3aas token create --project P --role R). Only the SHA-256 of a
-- token is kept: a token is 32 random bytes, so a plain hash cannot be reversed or guessed, and a
-- database dump gives no usable credential. Revoked tokens stay for audit.
CREATE TABLE iam_tokens (
    id            varchar(36)  NOT NULL PRIMARY KEY,
    token_sha256  char(64)     NOT NULL UNIQUE, -- hex
    project       varchar(63)  COLLATE "C" NOT NULL, -- the MetaPaaS project = namespace
    role          varchar(16)  NOT NULL, -- owner, operator or viewer
    description   varchar(255) NOT NULL,
    created_at    timestamp with time zone NOT NULL,
    expires_at    timestamp with time zone,
    revoked_at    timestamp with time zone
);
