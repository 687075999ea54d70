package sqlstore

// The reminders' behaviour tests are in the contract suite
// (bot/feedlog/storetest), run by TestContract for this store too.

func init() {
	// Schema version 2 data, for the migration to the reminders schema.
	fixtures[2] = append(append([]string{}, fixtures[1]...),
		`INSERT INTO answer_stats(topic, answered) VALUES('latch', 3)`,
		`INSERT INTO kv(key, value) VALUES('telegram.offset', '41')`,
		`UPDATE entries SET left_ml = 80 WHERE id = 2`,
	)
}
