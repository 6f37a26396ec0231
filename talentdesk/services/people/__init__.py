"""Teachers and schools: the teacher list and file, schools, a teacher's change history, honour names."""
