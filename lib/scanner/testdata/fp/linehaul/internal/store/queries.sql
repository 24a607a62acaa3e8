-- name: GetDriverByEmail :one
SELECT id, email, password_hash, password_changed_at, disabled
FROM drivers
WHERE email = lower(@email);

-- name: SetDriverPassword :exec
UPDATE drivers
SET password_hash = @password_hash,
    password_changed_at = now(),
    must_change_password = false
WHERE id = @id;

-- name: CreateApiKey :one
-- only the SHA-256 of the key is stored; the key itself is shown once to the caller
INSERT INTO api_keys (owner_id, prefix, key_sha256, scopes, expires_at)
VALUES (@owner_id, @prefix, @key_sha256, @scopes, @expires_at)
RETURNING id, prefix, created_at;

-- name: RevokeApiKey :exec
UPDATE api_keys SET revoked_at = now() WHERE id = @id AND owner_id = @owner_id;
