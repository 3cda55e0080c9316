-- The product's schema as it was before migrations (commit d4b8151, sqlite),
-- frozen: tests/storage/test_migrations.py builds an old database from it. Never edit.

CREATE TABLE audit_event (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor_account_id INTEGER, 
	actor_role VARCHAR(16) NOT NULL, 
	on_behalf_of_person_id INTEGER, 
	delegation_id INTEGER, 
	action VARCHAR(48) NOT NULL, 
	object_type VARCHAR(24) NOT NULL, 
	object_id VARCHAR(48) NOT NULL, 
	channel VARCHAR(16) NOT NULL, 
	detail JSON NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_audit_event_action ON audit_event (action);

CREATE INDEX ix_audit_event_actor_account_id ON audit_event (actor_account_id);

CREATE INDEX ix_audit_event_at ON audit_event (at);

CREATE INDEX ix_audit_event_delegation_id ON audit_event (delegation_id);

CREATE INDEX ix_audit_event_on_behalf_of_person_id ON audit_event (on_behalf_of_person_id);

CREATE TABLE contact (
	id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	channel VARCHAR(16) NOT NULL, 
	session_id VARCHAR(64) NOT NULL, 
	person_id INTEGER, 
	summary VARCHAR(200) NOT NULL, 
	transcript JSON NOT NULL, 
	topic VARCHAR(16), 
	status VARCHAR(16) NOT NULL, 
	claimed_by VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	note TEXT, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_contact_created_at ON contact (created_at);

CREATE INDEX ix_contact_kind ON contact (kind);

CREATE INDEX ix_contact_person_id ON contact (person_id);

CREATE INDEX ix_contact_session_id ON contact (session_id);

CREATE INDEX ix_contact_status ON contact (status);

CREATE TABLE dev_outbox (
	id INTEGER NOT NULL, 
	phone_hash VARCHAR(64) NOT NULL, 
	phone_masked VARCHAR(16) NOT NULL, 
	code VARCHAR(8) NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	challenge_id INTEGER, 
	body VARCHAR, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_dev_outbox_challenge_id ON dev_outbox (challenge_id);

CREATE INDEX ix_dev_outbox_phone_hash ON dev_outbox (phone_hash);

CREATE TABLE kb_bundle (
	code VARCHAR(24) NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	topic VARCHAR(16) NOT NULL, 
	data JSON NOT NULL, 
	PRIMARY KEY (code)
);

CREATE TABLE kb_meta (
	"key" VARCHAR(32) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	PRIMARY KEY ("key")
);

CREATE TABLE kb_policy (
	id VARCHAR(16) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	topic VARCHAR(16) NOT NULL, 
	issuer VARCHAR(120) NOT NULL, 
	date VARCHAR(10) NOT NULL, 
	data JSON NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_kb_policy_topic ON kb_policy (topic);

CREATE TABLE kb_service (
	code VARCHAR(16) NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	topic VARCHAR(16) NOT NULL, 
	item_type VARCHAR(16) NOT NULL, 
	summary TEXT NOT NULL, 
	data JSON NOT NULL, 
	PRIMARY KEY (code)
);

CREATE INDEX ix_kb_service_name ON kb_service (name);

CREATE INDEX ix_kb_service_topic ON kb_service (topic);

CREATE TABLE otp_challenge (
	id INTEGER NOT NULL, 
	phone_hash VARCHAR(64) NOT NULL, 
	phone_enc VARCHAR, 
	code_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	attempts INTEGER NOT NULL, 
	used BOOLEAN NOT NULL, 
	ref_hash VARCHAR(64), 
	PRIMARY KEY (id)
);

CREATE INDEX ix_otp_challenge_phone_hash ON otp_challenge (phone_hash);

CREATE TABLE person (
	id INTEGER NOT NULL, 
	name VARCHAR(40) NOT NULL, 
	id_number_enc VARCHAR NOT NULL, 
	id_number_hash VARCHAR(64) NOT NULL, 
	id_number_masked VARCHAR(24) NOT NULL, 
	birth_date DATE, 
	phone_enc VARCHAR, 
	phone_masked VARCHAR(16), 
	hukou_region VARCHAR(40), 
	verified_by VARCHAR(12), 
	phone_set_by VARCHAR(12), 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_person_id_number_hash ON person (id_number_hash);

CREATE TABLE account (
	id INTEGER NOT NULL, 
	phone_hash VARCHAR(64) NOT NULL, 
	phone_enc VARCHAR NOT NULL, 
	phone_masked VARCHAR(16) NOT NULL, 
	person_id INTEGER, 
	role VARCHAR(16) NOT NULL, 
	display_name VARCHAR(40), 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);

CREATE INDEX ix_account_person_id ON account (person_id);

CREATE UNIQUE INDEX ix_account_phone_hash ON account (phone_hash);

CREATE TABLE kb_faq (
	id VARCHAR(24) NOT NULL, 
	service_code VARCHAR(16) NOT NULL, 
	topic VARCHAR(16) NOT NULL, 
	q TEXT NOT NULL, 
	a TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(service_code) REFERENCES kb_service (code)
);

CREATE INDEX ix_kb_faq_service_code ON kb_faq (service_code);

CREATE INDEX ix_kb_faq_topic ON kb_faq (topic);

CREATE TABLE kb_gap (
	id INTEGER NOT NULL, 
	contact_id INTEGER, 
	question VARCHAR(300) NOT NULL, 
	reason VARCHAR(16) NOT NULL, 
	best_entry_id VARCHAR(32), 
	best_confidence FLOAT NOT NULL, 
	topic VARCHAR(16), 
	by_account_id INTEGER, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id)
);

CREATE INDEX ix_kb_gap_at ON kb_gap (at);

CREATE INDEX ix_kb_gap_contact_id ON kb_gap (contact_id);

CREATE INDEX ix_kb_gap_reason ON kb_gap (reason);

CREATE TABLE notification (
	id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	read BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);

CREATE INDEX ix_notification_created_at ON notification (created_at);

CREATE INDEX ix_notification_person_id ON notification (person_id);

CREATE TABLE suggestion_event (
	id INTEGER NOT NULL, 
	contact_id INTEGER, 
	entry_id VARCHAR(32) NOT NULL, 
	entry_kind VARCHAR(4) NOT NULL, 
	action VARCHAR(12) NOT NULL, 
	"query" VARCHAR(200) NOT NULL, 
	confidence FLOAT NOT NULL, 
	implicit BOOLEAN NOT NULL, 
	by_account_id INTEGER, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id)
);

CREATE INDEX ix_suggestion_event_action ON suggestion_event (action);

CREATE INDEX ix_suggestion_event_at ON suggestion_event (at);

CREATE INDEX ix_suggestion_event_by_account_id ON suggestion_event (by_account_id);

CREATE INDEX ix_suggestion_event_contact_id ON suggestion_event (contact_id);

CREATE INDEX ix_suggestion_event_entry_id ON suggestion_event (entry_id);

CREATE TABLE application (
	id INTEGER NOT NULL, 
	ref VARCHAR(24), 
	service_code VARCHAR(16) NOT NULL, 
	bundle_code VARCHAR(24), 
	beneficiary_person_id INTEGER, 
	submitted_by_account_id INTEGER NOT NULL, 
	delegation_id INTEGER, 
	for_whom VARCHAR(8) NOT NULL, 
	channel VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	answers JSON NOT NULL, 
	current_step INTEGER NOT NULL, 
	idempotency_key VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	submitted_at DATETIME, 
	rating INTEGER, 
	rating_comment TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(beneficiary_person_id) REFERENCES person (id), 
	FOREIGN KEY(submitted_by_account_id) REFERENCES account (id), 
	UNIQUE (idempotency_key)
);

CREATE INDEX ix_application_beneficiary_person_id ON application (beneficiary_person_id);

CREATE INDEX ix_application_delegation_id ON application (delegation_id);

CREATE UNIQUE INDEX ix_application_ref ON application (ref);

CREATE INDEX ix_application_service_code ON application (service_code);

CREATE INDEX ix_application_status ON application (status);

CREATE INDEX ix_application_submitted_by_account_id ON application (submitted_by_account_id);

CREATE TABLE auth_session (
	token_hash VARCHAR(64) NOT NULL, 
	account_id INTEGER NOT NULL, 
	channel VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	revoked BOOLEAN NOT NULL, 
	PRIMARY KEY (token_hash), 
	FOREIGN KEY(account_id) REFERENCES account (id)
);

CREATE INDEX ix_auth_session_account_id ON auth_session (account_id);

CREATE TABLE contact_wrap_up (
	contact_id INTEGER NOT NULL, 
	topic VARCHAR(16), 
	service_code VARCHAR(16), 
	outcome VARCHAR(12) NOT NULL, 
	summary TEXT NOT NULL, 
	reply TEXT, 
	used_entries JSON NOT NULL, 
	by_account_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (contact_id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id), 
	FOREIGN KEY(by_account_id) REFERENCES account (id)
);

CREATE INDEX ix_contact_wrap_up_at ON contact_wrap_up (at);

CREATE INDEX ix_contact_wrap_up_outcome ON contact_wrap_up (outcome);

CREATE INDEX ix_contact_wrap_up_topic ON contact_wrap_up (topic);

CREATE TABLE delegation (
	id INTEGER NOT NULL, 
	principal_person_id INTEGER NOT NULL, 
	agent_account_id INTEGER NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	relationship VARCHAR(16) NOT NULL, 
	scope JSON NOT NULL, 
	valid_from DATETIME NOT NULL, 
	valid_to DATETIME NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	consent_method VARCHAR(16), 
	consent_evidence TEXT, 
	consent_code_hash VARCHAR(64), 
	consent_attempts INTEGER NOT NULL, 
	consent_expires_at DATETIME, 
	consent_sends INTEGER NOT NULL, 
	principal_name VARCHAR(40), 
	created_by_account_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	activated_at DATETIME, 
	revoked_at DATETIME, 
	revoked_by_account_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(principal_person_id) REFERENCES person (id), 
	FOREIGN KEY(agent_account_id) REFERENCES account (id), 
	FOREIGN KEY(created_by_account_id) REFERENCES account (id)
);

CREATE INDEX ix_delegation_agent_account_id ON delegation (agent_account_id);

CREATE INDEX ix_delegation_consent_code_hash ON delegation (consent_code_hash);

CREATE INDEX ix_delegation_principal_person_id ON delegation (principal_person_id);

CREATE INDEX ix_delegation_status ON delegation (status);

CREATE TABLE work_order (
	id INTEGER NOT NULL, 
	ref VARCHAR(24), 
	contact_id INTEGER, 
	person_id INTEGER, 
	topic VARCHAR(16), 
	service_code VARCHAR(16), 
	category VARCHAR(8) NOT NULL, 
	district VARCHAR(8) NOT NULL, 
	department VARCHAR(24) NOT NULL, 
	handler VARCHAR(40), 
	title VARCHAR(80) NOT NULL, 
	description TEXT NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	created_by_account_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	due_at DATETIME NOT NULL, 
	feedback TEXT, 
	fed_back_at DATETIME, 
	rating INTEGER, 
	rating_comment TEXT, 
	rated_via VARCHAR(10), 
	PRIMARY KEY (id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(created_by_account_id) REFERENCES account (id)
);

CREATE INDEX ix_work_order_contact_id ON work_order (contact_id);

CREATE INDEX ix_work_order_created_at ON work_order (created_at);

CREATE INDEX ix_work_order_created_by_account_id ON work_order (created_by_account_id);

CREATE INDEX ix_work_order_due_at ON work_order (due_at);

CREATE INDEX ix_work_order_person_id ON work_order (person_id);

CREATE UNIQUE INDEX ix_work_order_ref ON work_order (ref);

CREATE INDEX ix_work_order_status ON work_order (status);

CREATE INDEX ix_work_order_topic ON work_order (topic);

CREATE TABLE application_event (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	at DATETIME NOT NULL, 
	by_account_id INTEGER, 
	reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);

CREATE INDEX ix_application_event_application_id ON application_event (application_id);

CREATE TABLE work_order_event (
	id INTEGER NOT NULL, 
	work_order_id INTEGER NOT NULL, 
	from_status VARCHAR(10), 
	status VARCHAR(10) NOT NULL, 
	at DATETIME NOT NULL, 
	by_account_id INTEGER, 
	by_role VARCHAR(16) NOT NULL, 
	note TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(work_order_id) REFERENCES work_order (id)
);

CREATE INDEX ix_work_order_event_work_order_id ON work_order_event (work_order_id);
