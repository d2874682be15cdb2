CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO tag (id, name) VALUES (1, 'news');
ALTER TABLE page ADD COLUMN summary TEXT;
UPDATE page SET title = 'Start';
