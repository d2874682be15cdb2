CREATE TABLE page (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
INSERT INTO page (id, title) VALUES (1, 'Home');
