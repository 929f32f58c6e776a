INSERT INTO singers (singer_id, first_name) VALUES (1, 'Marc');

UPDATE singers SET first_name = 'Catalina' WHERE singer_id = 1;

DELETE FROM singers WHERE singer_id = 1;

update albums set album_title = upper(album_title) where true;
