-- The article's picture as lists show it: its focal point and, for a library picture, its
-- srcset, width and height, as JSON ({"focus": "50,30", "sizes": {"srcset", "width", "height"}}),
-- written with the featured image at every save.
ALTER TABLE articles ADD COLUMN featured_meta TEXT NOT NULL DEFAULT '';
