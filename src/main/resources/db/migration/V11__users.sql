-- Users and roles (issue 8). The users and authorities tables are Spring Security's (V1); each user holds one role,
-- ROLE_VIEWER, ROLE_OPERATOR or ROLE_ADMIN, in authorities.

-- Set for a password someone else chose (a new user, a reset, the generated first password): the user must
-- choose a new one at the next sign-in before any page opens.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN DEFAULT FALSE NOT NULL;
-- Unknown (NULL) for the users created before this version.
ALTER TABLE users ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN last_sign_in_at TIMESTAMP WITH TIME ZONE;
