BEGIN TRANSACTION;
CREATE TABLE adjustments (
	id INTEGER NOT NULL, 
	exam_id VARCHAR(64) NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	points FLOAT NOT NULL, 
	reason TEXT NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(exam_id) REFERENCES exams (id) ON DELETE CASCADE, 
	FOREIGN KEY(student_id) REFERENCES students (id)
);
INSERT INTO "adjustments" VALUES(1,'mid1','s02',7.5,'附加题','张老师','2026-12-03T07:11:28.339Z');
CREATE TABLE attempts (
	id INTEGER NOT NULL, 
	uid VARCHAR(64) NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	exam_id VARCHAR(64), 
	sitting INTEGER NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	scenario_id VARCHAR(100) NOT NULL, 
	scenario_hash VARCHAR(64) NOT NULL, 
	seed INTEGER NOT NULL, 
	transcript TEXT NOT NULL, 
	total INTEGER NOT NULL, 
	dimensions TEXT NOT NULL, 
	mistakes TEXT NOT NULL, 
	outcome_id VARCHAR(100), 
	outcome_good BOOLEAN, 
	response_time FLOAT, 
	finished_at VARCHAR(40) NOT NULL, 
	source_file TEXT, 
	source_hash VARCHAR(64), 
	flags TEXT NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_attempts_uid UNIQUE (uid), 
	FOREIGN KEY(exam_id) REFERENCES exams (id) ON DELETE CASCADE, 
	FOREIGN KEY(student_id) REFERENCES students (id)
);
INSERT INTO "attempts" VALUES(1,'387d2e0c6f73493ca4fbf2298c7bdada','exam','mid1',1,'s01','bargain_others_discount','dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c',1,'{"format":"kefu-transcript","schema_version":1,"id":"387d2e0c6f73493ca4fbf2298c7bdada","mode":"exam","scenario":{"id":"bargain_others_discount","title":"别家都打折,你们怎么不打?","hash":"dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c"},"seed":1,"started_at":"2026-12-03T07:11:26.854Z","finished_at":"2026-12-03T07:11:26.886Z","turns":[{"n":1,"node":"ask_discount","buyer":"这个纯棉四件套199也太贵了吧,别家都在打折,你们能不能便宜点?","buyer_at":"2026-12-03T07:11:26.854Z","patience":60,"reply":"亲,您好!非常理解您想买得更划算~这款已经是活动价了,不过我可以送您同款枕套一对,还包邮哦!","reply_at":"2026-12-03T07:11:26.877Z","latency":8.0,"observed":{"silence":false,"question":false,"politeness":["empathy","greeting","honorific"],"forbidden":[],"soft":[],"slots":["offer_value"],"negated_slots":[],"prices":[],"intents":["empathise","greet","offer_free_shipping","offer_gift"],"refused_intents":[],"facts":{"gift":"同款枕套一对"}},"edge":2,"patience_delta":14,"patience_after":74,"reaction":{"warmth":4},"shown_at":"2026-12-03T07:11:18.877000+00:00","pasted":true},{"n":2,"node":"tempted","buyer":"送同款枕套一对?那还行……这个质量真的好吗?洗了会不会起球?","buyer_at":"2026-12-03T07:11:26.877Z","patience":74,"reply":"请放心,这款是100%纯棉面料,亲肤透气,洗后不起球,还支持七天无理由退换。","reply_at":"2026-12-03T07:11:26.881Z","latency":8.0,"observed":{"silence":false,"question":false,"politeness":["request"],"forbidden":[],"soft":[],"slots":["explain_value"],"negated_slots":[],"prices":[],"intents":["cite_rule","explain_material","offer_refund"],"refused_intents":[],"facts":{}},"edge":2,"patience_delta":10,"patience_after":84,"reaction":{"warmth":2,"relevant":3},"shown_at":"2026-12-03T07:11:18.881000+00:00"},{"n":3,"node":"ready","buyer":"好吧,那我现在拍的话今天能发货吗?","buyer_at":"2026-12-03T07:11:26.881Z","patience":84,"reply":"亲,现在拍下今天就给您发货,我帮您备注优先发出,感谢您的支持!","reply_at":"2026-12-03T07:11:26.885Z","latency":8.0,"observed":{"silence":false,"question":false,"politeness":["greeting","honorific","thanks"],"forbidden":[],"soft":[],"slots":["close_sale"],"negated_slots":[],"prices":[],"intents":["close_sale","give_eta","thank"],"refused_intents":[],"facts":{"ship_time":"今天"}},"edge":1,"patience_delta":2,"patience_after":86,"reaction":{"warmth":4,"relevant":3},"shown_at":"2026-12-03T07:11:18.885000+00:00"}],"outcome":{"id":"deal","label":"成交,顾客满意","good":true,"closing":"拍好了,赶紧给我发货哦!"},"score":null,"exam":"mid1"}',100,'{"politeness":100.0,"forbidden":100.0,"resolution":100.0,"responsiveness":100.0,"outcome":100.0}','[]','deal',1,24.0,'2026-12-03T07:11:26.886Z','/tmp/h12/fx/out/mid1-s01.kefu.json','b8f2eac38e1d7e343e5b6772d7abb862f35048811ecc8f717ab636757da10c3b','["场景 bargain_others_discount:第 1, 2 条回复标记为粘贴(比打字快,或是粘贴进来的)"]');
INSERT INTO "attempts" VALUES(2,'583bed67116745f6a581e356f8184e31','exam','mid1',1,'s02','bargain_others_discount','dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c',1,'{"format":"kefu-transcript","schema_version":1,"id":"583bed67116745f6a581e356f8184e31","mode":"exam","scenario":{"id":"bargain_others_discount","title":"别家都打折,你们怎么不打?","hash":"dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c"},"seed":1,"started_at":"2026-12-03T07:11:27.098Z","finished_at":"2026-12-03T07:11:27.101Z","turns":[{"n":1,"node":"ask_discount","buyer":"这个纯棉四件套199也太贵了吧,别家都在打折,你们能不能便宜点?","buyer_at":"2026-12-03T07:11:27.098Z","patience":60,"reply":"不讲价","reply_at":"2026-12-03T07:11:27.099Z","latency":3.0,"observed":{"silence":false,"question":false,"politeness":[],"forbidden":["refusal.no_bargain"],"soft":[],"slots":[],"negated_slots":[],"prices":[],"intents":[],"refused_intents":[],"facts":{}},"edge":0,"patience_delta":-39,"patience_after":21,"reaction":{"cold":-4},"shown_at":"2026-12-03T07:11:24.099000+00:00"},{"n":2,"node":"offended","buyer":"做生意这么冲,谁还敢在你家买?","buyer_at":"2026-12-03T07:11:27.100Z","patience":21,"reply":"爱买不买","reply_at":"2026-12-03T07:11:27.101Z","latency":3.0,"observed":{"silence":false,"question":false,"politeness":[],"forbidden":["impatience.take_it_or_leave"],"soft":[],"slots":[],"negated_slots":[],"prices":[],"intents":[],"refused_intents":[],"facts":{}},"edge":1,"patience_delta":-9,"patience_after":12,"reaction":{"cold":-4},"shown_at":"2026-12-03T07:11:24.101000+00:00"}],"outcome":{"id":"left_angry","label":"顾客被激怒离开,可能给差评","good":false,"closing":"算了,不买了,服务太差。"},"score":null,"exam":"mid1"}',20,'{"politeness":0.0,"forbidden":40.0,"resolution":0.0,"responsiveness":100.0,"outcome":0.0}','[{"rule":"refusal.no_bargain","phrase":"不讲价","severity":"major"},{"rule":"impatience.take_it_or_leave","phrase":"爱买不买","severity":"major"}]','left_angry',0,6.0,'2026-12-03T07:11:27.101Z','/tmp/h12/fx/out/mid1-s02.kefu.json','eebb3e04cad0d2f63f255b6a4d27d0587ba18a311b3181d895f1660bb436127f','[]');
INSERT INTO "attempts" VALUES(3,'07387bedb7684ca5a98baecf0de66ad3','exam','mid1',1,'s03','bargain_others_discount','dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c',1,'{"format":"kefu-transcript","schema_version":1,"id":"07387bedb7684ca5a98baecf0de66ad3","mode":"exam","scenario":{"id":"bargain_others_discount","title":"别家都打折,你们怎么不打?","hash":"dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c"},"seed":1,"started_at":"2026-12-03T07:11:27.393Z","finished_at":"2026-12-03T07:11:27.397Z","turns":[{"n":1,"node":"ask_discount","buyer":"这个纯棉四件套199也太贵了吧,别家都在打折,你们能不能便宜点?","buyer_at":"2026-12-03T07:11:27.393Z","patience":60,"reply":"不讲价","reply_at":"2026-12-03T07:11:27.395Z","latency":20.0,"observed":{"silence":false,"question":false,"politeness":[],"forbidden":["refusal.no_bargain"],"soft":[],"slots":[],"negated_slots":[],"prices":[],"intents":[],"refused_intents":[],"facts":{}},"edge":0,"patience_delta":-39,"patience_after":21,"reaction":{"cold":-4},"shown_at":"2026-12-03T07:11:07.395000+00:00"},{"n":2,"node":"offended","buyer":"做生意这么冲,谁还敢在你家买?","buyer_at":"2026-12-03T07:11:27.395Z","patience":21,"reply":"爱买不买","reply_at":"2026-12-03T07:11:27.397Z","latency":20.0,"observed":{"silence":false,"question":false,"politeness":[],"forbidden":["impatience.take_it_or_leave"],"soft":[],"slots":[],"negated_slots":[],"prices":[],"intents":[],"refused_intents":[],"facts":{}},"edge":1,"patience_delta":-9,"patience_after":12,"reaction":{"cold":-4},"shown_at":"2026-12-03T07:11:07.397000+00:00"}],"outcome":{"id":"left_angry","label":"顾客被激怒离开,可能给差评","good":false,"closing":"算了,不买了,服务太差。"},"score":null,"exam":"mid1"}',20,'{"politeness":0.0,"forbidden":40.0,"resolution":0.0,"responsiveness":100.0,"outcome":0.0}','[{"rule":"refusal.no_bargain","phrase":"不讲价","severity":"major"},{"rule":"impatience.take_it_or_leave","phrase":"爱买不买","severity":"major"}]','left_angry',0,40.0,'2026-12-03T07:11:27.397Z','/tmp/h12/fx/out/mid1-s03.kefu.json','1b211d34aa3b78efbe32d3b2acc6b3d8a15cecc473d8f2110e6e2eedb1887f31','[]');
INSERT INTO "attempts" VALUES(4,'c31b64a010c14984b4de1661c77d7e72','exam','mid1',1,'s04','bargain_others_discount','dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c',1,'{"format":"kefu-transcript","schema_version":1,"id":"c31b64a010c14984b4de1661c77d7e72","mode":"exam","scenario":{"id":"bargain_others_discount","title":"别家都打折,你们怎么不打?","hash":"dc12bb11fd5c62bf184b437c621fec5ad805d8aca5ae37b22a6d95f209fd3e6c"},"seed":1,"started_at":"2026-12-03T07:11:27.693Z","finished_at":"2026-12-03T07:11:27.700Z","turns":[{"n":1,"node":"ask_discount","buyer":"这个纯棉四件套199也太贵了吧,别家都在打折,你们能不能便宜点?","buyer_at":"2026-12-03T07:11:27.693Z","patience":60,"reply":"亲,您好!非常理解您想买得更划算~这款已经是活动价了,不过我可以送您同款枕套一对,还包邮哦!","reply_at":"2026-12-03T07:11:27.695Z","latency":1.0,"observed":{"silence":false,"question":false,"politeness":["empathy","greeting","honorific"],"forbidden":[],"soft":[],"slots":["offer_value"],"negated_slots":[],"prices":[],"intents":["empathise","greet","offer_free_shipping","offer_gift"],"refused_intents":[],"facts":{"gift":"同款枕套一对"}},"edge":2,"patience_delta":14,"patience_after":74,"reaction":{"warmth":4},"shown_at":"2026-12-03T07:11:26.695000+00:00"},{"n":2,"node":"tempted","buyer":"送同款枕套一对?那还行……这个质量真的好吗?洗了会不会起球?","buyer_at":"2026-12-03T07:11:27.696Z","patience":74,"reply":"请放心,这款是100%纯棉面料,亲肤透气,洗后不起球,还支持七天无理由退换。","reply_at":"2026-12-03T07:11:27.697Z","latency":1.0,"observed":{"silence":false,"question":false,"politeness":["request"],"forbidden":[],"soft":[],"slots":["explain_value"],"negated_slots":[],"prices":[],"intents":["cite_rule","explain_material","offer_refund"],"refused_intents":[],"facts":{}},"edge":2,"patience_delta":10,"patience_after":84,"reaction":{"warmth":2,"relevant":3},"shown_at":"2026-12-03T07:11:26.697000+00:00"},{"n":3,"node":"ready","buyer":"好吧,那我现在拍的话今天能发货吗?","buyer_at":"2026-12-03T07:11:27.697Z","patience":84,"reply":"亲,现在拍下今天就给您发货,我帮您备注优先发出,感谢您的支持!","reply_at":"2026-12-03T07:11:27.699Z","latency":1.0,"observed":{"silence":false,"question":false,"politeness":["greeting","honorific","thanks"],"forbidden":[],"soft":[],"slots":["close_sale"],"negated_slots":[],"prices":[],"intents":["close_sale","give_eta","thank"],"refused_intents":[],"facts":{"ship_time":"今天"}},"edge":1,"patience_delta":2,"patience_after":86,"reaction":{"warmth":4,"relevant":3},"shown_at":"2026-12-03T07:11:26.699000+00:00"}],"outcome":{"id":"deal","label":"成交,顾客满意","good":true,"closing":"拍好了,赶紧给我发货哦!"},"score":null,"exam":"mid1"}',100,'{"politeness":100.0,"forbidden":100.0,"resolution":100.0,"responsiveness":100.0,"outcome":100.0}','[]','deal',1,3.0,'2026-12-03T07:11:27.700Z','/tmp/h12/fx/out/mid1-s04.kefu.json','731802e43e172b4c0a43dbed5dbcc42b5beb8b91aee384ee38d59896fda5cb81','["场景 bargain_others_discount:第 1, 2, 3 条回复用时短得不可能(每秒超过 10 字)","场景 bargain_others_discount:第 1, 2, 3 条回复标记为粘贴(比打字快,或是粘贴进来的)"]');
CREATE TABLE best_scores (
	scope_kind VARCHAR(10) NOT NULL, 
	scope_id VARCHAR(100) NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	class_name VARCHAR(100) NOT NULL, 
	team VARCHAR(100) NOT NULL, 
	score FLOAT NOT NULL, 
	time_key FLOAT NOT NULL, 
	finished_at VARCHAR(40) NOT NULL, 
	attempt_id INTEGER, 
	sitting INTEGER, 
	attempts INTEGER NOT NULL, 
	PRIMARY KEY (scope_kind, scope_id, student_id), 
	FOREIGN KEY(student_id) REFERENCES students (id)
);
INSERT INTO "best_scores" VALUES('exam','mid1','s01','1班','红队',100.0,24.0,'2026-12-03T07:11:26.886Z',NULL,1,1);
INSERT INTO "best_scores" VALUES('scenario','bargain_others_discount','s01','1班','红队',100.0,24.0,'2026-12-03T07:11:26.886Z',1,NULL,1);
INSERT INTO "best_scores" VALUES('exam','mid1','s02','1班','蓝队',27.5,6.0,'2026-12-03T07:11:27.101Z',NULL,1,1);
INSERT INTO "best_scores" VALUES('scenario','bargain_others_discount','s02','1班','蓝队',20.0,6.0,'2026-12-03T07:11:27.101Z',2,NULL,1);
INSERT INTO "best_scores" VALUES('exam','mid1','s03','2班','红队',20.0,40.0,'2026-12-03T07:11:27.397Z',NULL,1,1);
INSERT INTO "best_scores" VALUES('scenario','bargain_others_discount','s03','2班','红队',20.0,40.0,'2026-12-03T07:11:27.397Z',3,NULL,1);
INSERT INTO "best_scores" VALUES('exam','mid1','s04','2班','',100.0,3.0,'2026-12-03T07:11:27.700Z',NULL,1,1);
INSERT INTO "best_scores" VALUES('scenario','bargain_others_discount','s04','2班','',100.0,3.0,'2026-12-03T07:11:27.700Z',4,NULL,1);
CREATE TABLE exams (
	id VARCHAR(64) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	definition_hash VARCHAR(64) NOT NULL, 
	yaml_text TEXT NOT NULL, 
	scenarios TEXT NOT NULL, 
	updated_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "exams" VALUES('mid1','期中考试','35e096d02ccb875db2d261e98131afe7c41ae61b7b5dbb8fce22b11ab08b2ff9','schema_version: 1
id: mid1
title: 期中考试
scenarios:
  - bargain_others_discount
seed: 1
time_limit:
  per_reply: 60
  total: 1800
paste_cps: 4
','["bargain_others_discount"]','2026-12-03T07:11:28.268Z');
CREATE TABLE live_acks (
	"key" VARCHAR(200) NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	response TEXT NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE live_docs (
	id VARCHAR(200) NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	exam_id VARCHAR(64), 
	data TEXT NOT NULL, 
	finished BOOLEAN NOT NULL, 
	updated_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE live_settings (
	"key" VARCHAR(40) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE live_students (
	id VARCHAR(64) NOT NULL, 
	key_hash VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	class_name VARCHAR(100) NOT NULL, 
	team VARCHAR(100) NOT NULL, 
	joined_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE practice_items (
	id INTEGER NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	"key" VARCHAR(100) NOT NULL, 
	exam_id VARCHAR(64), 
	scenario_id VARCHAR(100) NOT NULL, 
	buyer TEXT NOT NULL, 
	reply TEXT NOT NULL, 
	wrong TEXT NOT NULL, 
	lost FLOAT NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	passes TEXT NOT NULL, 
	done_at VARCHAR(40), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_practice_student_key UNIQUE (student_id, "key"), 
	FOREIGN KEY(student_id) REFERENCES students (id)
);
CREATE TABLE reviews (
	id INTEGER NOT NULL, 
	exam_id VARCHAR(64) NOT NULL, 
	attempt_uid VARCHAR(64) NOT NULL, 
	student_id VARCHAR(64) NOT NULL, 
	scenario_id VARCHAR(100) NOT NULL, 
	turn INTEGER NOT NULL, 
	action VARCHAR(20) NOT NULL, 
	target VARCHAR(100) NOT NULL, 
	severity VARCHAR(10) NOT NULL, 
	phrase TEXT NOT NULL, 
	reply TEXT NOT NULL, 
	reason TEXT NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(exam_id) REFERENCES exams (id) ON DELETE CASCADE, 
	FOREIGN KEY(student_id) REFERENCES students (id)
);
CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	applied_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(1,'2026-12-03T07:11:28.250+00:00');
INSERT INTO "schema_version" VALUES(2,'2026-12-03T07:11:28.251+00:00');
INSERT INTO "schema_version" VALUES(3,'2026-12-03T07:11:28.252+00:00');
INSERT INTO "schema_version" VALUES(4,'2026-12-03T07:11:28.262+00:00');
INSERT INTO "schema_version" VALUES(5,'2026-12-03T07:11:28.263+00:00');
CREATE TABLE students (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	class_name VARCHAR(100) NOT NULL, 
	team VARCHAR(100) NOT NULL, 
	updated_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "students" VALUES('s01','王小明','1班','红队','2026-12-03T07:11:28.286Z');
INSERT INTO "students" VALUES('s02','李华','1班','蓝队','2026-12-03T07:11:28.298Z');
INSERT INTO "students" VALUES('s03','张三','2班','红队','2026-12-03T07:11:28.303Z');
INSERT INTO "students" VALUES('s04','赵六','2班','','2026-12-03T07:11:28.310Z');
CREATE INDEX ix_adjustments_exam_student ON adjustments (exam_id, student_id);
CREATE INDEX ix_attempts_student_scenario ON attempts (student_id, scenario_id, total);
CREATE INDEX ix_attempts_student_finished ON attempts (student_id, finished_at);
CREATE INDEX ix_attempts_exam_student ON attempts (exam_id, student_id, sitting);
CREATE INDEX ix_best_student ON best_scores (student_id);
CREATE INDEX ix_best_rank ON best_scores (scope_kind, scope_id, score DESC, time_key, finished_at, student_id);
CREATE INDEX ix_best_class_rank ON best_scores (scope_kind, scope_id, class_name, score DESC, time_key, finished_at, student_id);
CREATE INDEX ix_reviews_exam_attempt ON reviews (exam_id, attempt_uid);
CREATE INDEX ix_live_docs_student ON live_docs (student_id, kind);
COMMIT;
