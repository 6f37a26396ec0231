"""交流轮岗 page parts (issue 5): one file per tab."""
