"""The message catalogue: every user-facing string, in Simplified Chinese and English.

Keys are grouped by area. Keep both languages for every key (a test checks it).
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- app ----
    "app.help": {
        "zh": "kefu 客服训练模拟器:和脚本买家对练,每条回复都有评分和讲解。",
        "en": "kefu: a customer-service training simulator. Chat with scripted buyers; every reply is scored and explained.",
    },
    "opt.lang": {"zh": "界面语言:zh(默认)或 en", "en": "Interface language: zh (default) or en"},
    "opt.json": {"zh": "输出 JSON(供脚本使用)", "en": "Print JSON (for scripts)"},
    "opt.version": {"zh": "显示版本并退出", "en": "Show the version and exit"},
    "opt.help": {"zh": "显示本帮助并退出", "en": "Show this message and exit."},
    "help.usage": {"zh": "用法: ", "en": "Usage: "},
    "usage.hint": {"zh": "用 '{command} -h' 查看帮助。", "en": "Try '{command} -h' for help."},
    "usage.error": {"zh": "错误:{message}", "en": "Error: {message}"},
    "usage.aborted": {"zh": "已取消。", "en": "Aborted."},
    "usage.missing": {"zh": "缺少{kind} {name}", "en": "Missing {kind} {name}."},
    "usage.kind.option": {"zh": "选项", "en": "option"},
    "usage.kind.argument": {"zh": "参数", "en": "argument"},
    "usage.kind.parameter": {"zh": "参数", "en": "parameter"},
    "usage.no_option": {"zh": "没有这个选项:{name}", "en": "No such option: {name}"},
    "usage.no_command": {"zh": "没有这个命令:{name}", "en": "No such command: {name}"},
    "usage.did_you_mean": {"zh": "(您是不是要用 {options}?)", "en": " (did you mean {options}?)"},
    "usage.invalid": {"zh": "{name} 的值无效:{detail}", "en": "Invalid value for {name}: {detail}"},
    "usage.extra": {"zh": "多余的参数:{name}", "en": "Unexpected extra arguments: {name}"},
    "usage.needs_value": {"zh": "选项 {name} 需要一个值", "en": "Option {name} requires a value."},
    "help.options": {"zh": "选项", "en": "Options"},
    "help.commands": {"zh": "命令", "en": "Commands"},
    "help.arguments": {"zh": "参数", "en": "Arguments"},
    "help.default": {"zh": "默认", "en": "default"},
    "help.env_var": {"zh": "环境变量", "en": "env var"},
    "help.required": {"zh": "必填", "en": "required"},
    "opt.scenarios_dir": {
        "zh": "额外的场景文件夹(也可用环境变量 KEFU_SCENARIOS)",
        "en": "Extra scenario folder (or the KEFU_SCENARIOS variable)",
    },
    "err.bad_lang": {"zh": "不支持的语言:{lang}(可用:zh、en)", "en": "Unsupported language: {lang} (use zh or en)"},
    "err.data": {"zh": "文件有问题:", "en": "Problems in the file:"},
    "err.os_no_path": {
        "zh": "读写文件失败:{why}(数据文件夹可以用 KEFU_HOME 指定)",
        "en": "A file could not be read or written: {why} (KEFU_HOME sets the data folder)",
    },
    "warn.encoding": {
        "zh": "{path} 不是 UTF-8 编码,已按 {encoding} 读取(建议另存为 UTF-8)",
        "en": "{path} is not UTF-8; read it as {encoding} (saving it as UTF-8 is safer)",
    },
    "err.os": {
        "zh": "无法读写 {path}:{why}(数据文件夹可以用 KEFU_HOME 指定)",
        "en": "Cannot read or write {path}: {why} (KEFU_HOME sets the data folder)",
    },
    "err.interrupted": {
        "zh": "已中断。已输入的内容都已保存,用 kefu resume 继续。",
        "en": "Interrupted. Everything typed so far is saved; continue with kefu resume.",
    },
    "err.no_scenario": {"zh": "找不到场景:{ref}(用 kefu scenarios list 查看全部)", "en": "No scenario called {ref} (see kefu scenarios list)"},
    "err.file_missing": {"zh": "找不到文件:{path}", "en": "File not found: {path}"},
    "err.not_a_tty": {
        "zh": "交互式对练需要终端。非交互运行请用 --replies 文件 --json。",
        "en": "An interactive drill needs a terminal. To run without one use --replies FILE --json.",
    },
    "err.replies_need_scenario": {
        "zh": "使用 --replies 时必须用 --scenario 指定场景。",
        "en": "--replies needs --scenario.",
    },
    "err.bad_replies": {"zh": "无法读取回复文件 {path}:{why}", "en": "Cannot read replies file {path}: {why}"},
    "err.no_unfinished": {"zh": "没有未完成的对练。", "en": "There is no unfinished drill."},
    "err.bad_transcript": {"zh": "无法读取对话记录 {path}:{why}", "en": "Cannot read transcript {path}: {why}"},
    # ---- the shape of transcript and result files (simulator.fileshape) ----
    "file.problems": {"zh": "{path} 有 {n} 处问题:", "en": "{path} has {n} problems:",
                      "en_one": "{path} has {n} problem:"},
    "file.problem": {"zh": "字段 {field}:{problem}", "en": "field {field}: {problem}"},
    "file.not_transcript": {
        "zh": "不是 kefu 对话记录(format 应为 kefu-transcript)",
        "en": "not a kefu transcript (format should be kefu-transcript)",
    },
    "file.not_result": {
        "zh": "不是 kefu 考试成绩文件(format 应为 kefu-exam-result)",
        "en": "not a kefu exam result file (format should be kefu-exam-result)",
    },
    "file.schema_new": {
        "zh": "版本 {version} 比这个 kefu 能读的版本 {current} 新,请升级 kefu",
        "en": "version {version} is newer than the version {current} this kefu reads; upgrade kefu",
    },
    "file.schema_unknown": {
        "zh": "无法识别的版本 {version}(这个 kefu 读取版本 {current})",
        "en": "unknown version {version} (this kefu reads version {current})",
    },
    "file.missing": {"zh": "缺少这个字段", "en": "missing"},
    "file.not_text": {"zh": "应为文字,现在是 {value}", "en": "should be text, not {value}"},
    "file.not_int": {"zh": "应为整数,现在是 {value}", "en": "should be a whole number, not {value}"},
    "file.not_number": {"zh": "应为数字,现在是 {value}", "en": "should be a number, not {value}"},
    "file.not_bool": {"zh": "应为 true 或 false,现在是 {value}", "en": "should be true or false, not {value}"},
    "file.not_list": {"zh": "应为列表 […],现在是 {value}", "en": "should be a list […], not {value}"},
    "file.not_object": {"zh": "应为对象 {{…}},现在是 {value}", "en": "should be an object {{…}}, not {value}"},
    "file.empty": {"zh": "不能为空", "en": "must not be empty"},
    "file.not_finite": {"zh": "不是有限的数字:{value}", "en": "not a finite number: {value}"},
    "file.range": {
        "zh": "应在 {low} 到 {high} 之间,现在是 {value}",
        "en": "should be between {low} and {high}, not {value}",
    },
    "file.not_stamp": {
        "zh": "不是有效的时间(应如 2026-12-01T23:05:01.884Z),现在是 {value}",
        "en": "not a valid time (such as 2026-12-01T23:05:01.884Z): {value}",
    },
    "file.too_many": {"zh": "最多 {most} 个,现在有 {n} 个", "en": "at most {most}, not {n}"},
    "file.bad_id": {
        "zh": "不是合法的编号(字母、数字、_ - .):{value}",
        "en": "not a valid id (letters, digits, _ - .): {value}",
    },
    "err.scenario_changed": {
        "zh": "场景 {id} 在对练之后被修改过,无法继续这次对练。",
        "en": "Scenario {id} has changed since this drill started; it cannot be resumed.",
    },
    # ---- gradebook and exams ----
    "err.db_url": {
        "zh": "不是可用的数据库地址:{url}(可用 sqlite:///文件路径、以 .db 结尾的文件路径,或 postgresql://用户@主机/库名)",
        "en": "Not a usable database URL: {url} (use sqlite:///FILE, a file path ending in .db, or postgresql://user@host/db)",
    },
    "err.no_yaml_in_folder": {
        "zh": "文件夹 {path} 里没有场景文件(*.yaml / *.yml)",
        "en": "The folder {path} holds no scenario files (*.yaml / *.yml)",
    },
    "err.db_missing": {
        "zh": "没有这个成绩库:{path}(还没有收过成绩或记录过对练;检查 --db / KEFU_DB 的路径)",
        "en": "No gradebook at {path} (nothing was collected or recorded there yet; check the --db / KEFU_DB path)",
    },
    "err.db_no_folder": {
        "zh": "无法创建成绩库 {path}:文件夹 {folder} 不存在",
        "en": "Cannot create the gradebook {path}: the folder {folder} does not exist",
    },
    "err.db_open": {
        "zh": "无法打开数据库 {url}:{why}",
        "en": "Cannot open the database {url}: {why}",
    },
    "err.db_busy": {
        "zh": "数据库正忙(另一个程序正在写入),请稍后再试。",
        "en": "The database is busy (another program is writing); try again in a moment.",
    },
    "err.db_newer": {
        "zh": "数据库 {url} 的结构版本是 {found},本程序只支持到 {latest},请升级 kefu。",
        "en": "The database {url} has schema version {found}; this kefu knows up to {latest}. Please upgrade kefu.",
    },
    "err.db": {
        "zh": "数据库出错({url}):{why}",
        "en": "Database error ({url}): {why}",
    },
    "err.db_no_attempt": {
        "zh": "成绩册里没有编号为 {id} 的作答记录",
        "en": "No attempt {id} in the gradebook",
    },
    "err.db_unfinished": {
        "zh": "对话还没有结束,不能记入成绩册",
        "en": "The conversation has not ended; it cannot be recorded",
    },
    "err.db_no_exam": {
        "zh": "成绩册里没有考试 {id}(先用 kefu exam collect 导入成绩)",
        "en": "No exam {id} in the gradebook (import results with kefu exam collect first)",
    },
    "err.db_no_student": {
        "zh": "成绩册里没有学生 {id}",
        "en": "No student {id} in the gradebook",
    },
    "err.db_uid_taken": {
        "zh": "对话记录 {uid} 已经属于学生 {student} 或另一场考试,拒绝导入",
        "en": "Transcript {uid} already belongs to student {student} or another exam; refused",
    },
    "err.adjust_reason": {
        "zh": "调分必须写明原因(--reason)",
        "en": "An adjustment needs a reason (--reason)",
    },
    "exam.help": {
        "zh": "考试:出题、答题、收卷、重新评分",
        "en": "Exams: write, take, collect and regrade",
    },
    "exam.new.help": {
        "zh": "生成一份带注释的考试定义文件(可直接通过校验)",
        "en": "Write a commented exam definition that validates",
    },
    "exam.validate.help": {
        "zh": "校验考试定义文件(错误会标出文件、行号和字段)",
        "en": "Validate exam definition files (errors name file, line and field)",
    },
    "exam.take.help": {
        "zh": "以考试条件作答(无点评、计时、记录响应时间),每个学生一个成绩文件;中断后重新运行同一命令即可继续",
        "en": "Take an exam under exam conditions (no coaching, timed); one result file per student; re-run the same command to continue after a crash",
    },
    "exam.collect.help": {
        "zh": "把成绩文件(文件或文件夹)导入成绩册,并按考试评分标准重新评分;可重复运行",
        "en": "Import result files (files or folders) into the gradebook, re-scored with the exam's rubric; safe to re-run",
    },
    "exam.regrade.help": {
        "zh": "评分标准或词库修改后,重新给这场考试的所有记录评分,并列出分数变动的学生",
        "en": "Re-score every stored result of an exam after a rubric or lexicon change and show who moved",
    },
    "arg.exam_file": {
        "zh": "考试定义文件(YAML)",
        "en": "Exam definition file (YAML)",
    },
    "arg.exam_ref": {
        "zh": "考试定义文件,或成绩册中的考试编号",
        "en": "Exam definition file, or an exam id in the gradebook",
    },
    "arg.exam_id": {
        "zh": "考试编号",
        "en": "Exam id",
    },
    "arg.student_id": {
        "zh": "学号",
        "en": "Student id",
    },
    "arg.collect_paths": {
        "zh": "成绩文件或包含成绩文件的文件夹",
        "en": "Result files, or folders holding them",
    },
    "opt.exam_id": {
        "zh": "考试编号(字母、数字、_ - .)",
        "en": "Exam id (letters, digits, _ - .)",
    },
    "opt.student_id": {
        "zh": "学号(字母、数字、_ - .,会出现在文件名里)",
        "en": "Student id (letters, digits, _ - .; it names the result file)",
    },
    "opt.student_name": {
        "zh": "学生姓名",
        "en": "Student name",
    },
    "opt.class": {
        "zh": "班级",
        "en": "Class",
    },
    "opt.team": {
        "zh": "小组(可选,用于小组排行)",
        "en": "Team (optional, for team rankings)",
    },
    "opt.out_dir": {
        "zh": "成绩文件保存的文件夹(默认当前文件夹)",
        "en": "Folder for the result file (default: current folder)",
    },
    "opt.exam_replies": {
        "zh": "非交互:从文件读取回复,每行一条,各场景之间用只有 --- 的一行分隔",
        "en": "Non-interactive: replies from FILE, one per line, scenarios separated by a line containing only ---",
    },
    "opt.class_filter": {
        "zh": "只显示这个班级",
        "en": "Only this class",
    },
    "opt.export": {
        "zh": "导出到 .xlsx 或 .csv 文件(可重复使用)",
        "en": "Export to a .xlsx or .csv file (repeatable)",
    },
    "opt.points": {
        "zh": "加减分(例如 5 或 -3)",
        "en": "Points to add or remove (e.g. 5 or -3)",
    },
    "opt.reason": {
        "zh": "调分原因(必填,会记入审计日志)",
        "en": "Reason (required; kept in the audit log)",
    },
    "opt.author": {
        "zh": "调分人(默认当前系统用户)",
        "en": "Who adjusts (default: the system user)",
    },
    "err.bad_id": {
        "zh": "{what} 不合法:{value!r}(只能用字母、数字、_ - .,不能有路径分隔符或控制字符)",
        "en": "Invalid {what}: {value!r} (letters, digits, _ - . only; no path separators or control characters)",
    },
    "err.exists": {"zh": "文件已存在,不会覆盖:{path}", "en": "File exists, not overwriting: {path}"},
    "err.student_fields": {
        "zh": "姓名和班级不能为空",
        "en": "Name and class must not be empty",
    },
    "err.export_format": {
        "zh": "不支持的导出格式:{path}(请用 .xlsx 或 .csv)",
        "en": "Unsupported export format: {path} (use .xlsx or .csv)",
    },
    "err.export_write": {
        "zh": "无法写入 {path}:{why}",
        "en": "Cannot write {path}: {why}",
    },
    "exam.new.written": {
        "zh": "已生成考试定义:{path}(修改后用 kefu exam validate 检查)",
        "en": "Exam definition written: {path} (check it with kefu exam validate)",
    },
    "exam.valid": {
        "zh": "✓ {path}:考试 {id} 校验通过,场景:{scenarios}",
        "en": "✓ {path}: exam {id} is valid; scenarios: {scenarios}",
    },
    "exam.timer_reply": {
        "zh": "本条已用 {used} 秒 / 限时 {limit} 秒",
        "en": "This reply: {used}s of {limit}s",
    },
    "exam.timer_total": {
        "zh": "考试剩余 {left}",
        "en": "Exam time left {left}",
    },
    "exam.bad_own_file": {
        "zh": "成绩文件 {path} 无法继续使用:{why}",
        "en": "The result file {path} cannot be continued: {why}",
    },
    "exam.other_exam_file": {
        "zh": "{path} 是另一场考试的成绩文件",
        "en": "{path} belongs to another exam",
    },
    "exam.no_attempts_left": {
        "zh": "这场考试只允许作答 {n} 次,已经用完({path})",
        "en": "This exam allows {n} attempt(s); all are used ({path})",
        "en_one": "This exam allows {n} attempt; it is used ({path})",
    },
    "exam.intro_title": {
        "zh": "考试:{title}",
        "en": "Exam: {title}",
    },
    "exam.intro_student": {
        "zh": "考生:{id} {name}({cls})",
        "en": "Student: {id} {name} ({cls})",
    },
    "exam.intro_rules": {
        "zh": "共 {n} 个场景 · 第 {sitting} 次作答 · 考试中不显示点评",
        "en": "{n} scenarios · attempt {sitting} · no coaching during the exam",
        "en_one": "{n} scenario · attempt {sitting} · no coaching during the exam",
    },
    "exam.intro_per_reply": {
        "zh": "每条回复限时 {s} 秒,响应速度计入成绩",
        "en": "{s} seconds per reply; response time is scored",
    },
    "exam.intro_total": {
        "zh": "整场考试剩余约 {m} 分钟",
        "en": "About {m} minutes left for the whole exam",
    },
    "exam.summary_title": {
        "zh": "本次作答结果",
        "en": "This attempt",
    },
    "exam.saved": {
        "zh": "成绩文件:{path}(交给老师)",
        "en": "Result file: {path} (hand it to your teacher)",
    },
    "exam.time_up": {
        "zh": "考试时间到,未完成的场景按买家离开计。",
        "en": "Time is up; unfinished scenarios count as the buyer leaving.",
    },
    "collect.progress": {
        "zh": "正在导入成绩文件",
        "en": "Importing result files",
    },
    "regrade.progress": {
        "zh": "正在重新评分",
        "en": "Re-scoring",
    },
    "collect.title": {
        "zh": "收卷结果",
        "en": "Collected results",
    },
    "collect.too_big": {
        "zh": "文件太大(超过 {limit} 字节)",
        "en": "File too large (over {limit} bytes)",
    },
    "collect.unreadable": {
        "zh": "无法读取:{why}",
        "en": "Unreadable: {why}",
    },
    "collect.not_json": {
        "zh": "不是有效的 JSON:{why}",
        "en": "Not valid JSON: {why}",
    },
    "collect.other_exam": {
        "zh": "这是另一场考试({found})的成绩,不是 {want}",
        "en": "This is a result of another exam ({found}), not {want}",
    },
    "collect.duplicate_in_run": {
        "zh": "学生 {id} 的成绩重复:已从 {other} 导入",
        "en": "Duplicate for student {id}: already imported from {other}",
    },
    "collect.duplicate_student": {
        "zh": "学生 {id} 在成绩册里已有另一份成绩文件的记录,拒绝重复导入",
        "en": "Student {id} already has results from another result file; refused as a duplicate",
    },
    "collect.exam_changed": {
        "zh": "考试定义在学生作答后被修改过(已按当前定义评分)",
        "en": "The exam definition changed after this was taken (scored with the current one)",
    },
    "collect.nothing_usable": {
        "zh": "没有可导入的对话",
        "en": "Nothing in it could be imported",
    },
    "collect.not_in_exam": {
        "zh": "场景 {scenario} 不属于这场考试",
        "en": "Scenario {scenario} is not part of this exam",
    },
    "collect.scenario_changed": {
        "zh": "场景 {scenario} 的内容与作答时不同(内容哈希不符),拒绝导入",
        "en": "Scenario {scenario} differs from the one answered (content hash); refused",
    },
    "collect.replay_differs": {
        "zh": "场景 {scenario}:文件里的买家台词与场景重放不一致(文件可能被改过)",
        "en": "Scenario {scenario}: the buyer lines in the file do not match a replay (the file may have been edited)",
    },
    "collect.unfinished": {
        "zh": "场景 {scenario} 没有完成(按买家离开计)",
        "en": "Scenario {scenario} was not finished (counted as the buyer leaving)",
    },
    "collect.score_ignored": {
        "zh": "场景 {scenario}:文件中写的分数 {stated} 被忽略,重新评分为 {actual}",
        "en": "Scenario {scenario}: the score in the file ({stated}) is ignored; re-scored {actual}",
    },
    "collect.slow_replies": {
        "zh": "场景 {scenario}:第 {turns} 条回复超过 {limit} 秒限时",
        "en": "Scenario {scenario}: reply {turns} over the {limit}s limit",
    },
    "collect.over_total": {
        "zh": "场景 {scenario}:完成时间超过考试总时限 {limit} 秒",
        "en": "Scenario {scenario}: finished after the exam's {limit}s time limit",
    },
    "collect.status.imported": {
        "zh": "已导入",
        "en": "imported",
    },
    "collect.status.updated": {
        "zh": "已更新",
        "en": "updated",
    },
    "collect.status.unchanged": {
        "zh": "无变化",
        "en": "unchanged",
    },
    "collect.status.refused": {
        "zh": "已拒绝",
        "en": "refused",
    },
    "collect.counts": {
        "zh": "导入 {imported} · 更新 {updated} · 无变化 {unchanged} · 拒绝 {refused} · 需要查看 {flagged}",
        "en": "{imported} imported · {updated} updated · {unchanged} unchanged · {refused} refused · {flagged} flagged",
    },
    "regrade.scored": {
        "zh": "重新评分了 {n} 段对话",
        "en": "{n} conversations re-scored",
        "en_one": "{n} conversation re-scored",
    },
    "regrade.nobody_moved": {
        "zh": "没有人的成绩变化",
        "en": "Nobody's grade changed",
    },
    "regrade.title": {
        "zh": "成绩变动",
        "en": "Who moved",
    },
    "grades.help": {
        "zh": "成绩册:kefu grades 考试编号 显示成绩表;kefu grades adjust 调分",
        "en": "Gradebook: kefu grades EXAM shows the grade sheet; kefu grades adjust changes a grade",
    },
    "grades.show.help": {
        "zh": "显示一场考试的成绩表(各维度、班级平均、分数分布、常见错误),可导出",
        "en": "Show an exam's grade sheet (dimensions, class average, distribution, common mistakes); export it",
    },
    "grades.adjust.help": {
        "zh": "老师手动调分(必须写原因,记入审计日志,成绩表和导出中可见)",
        "en": "A teacher's manual adjustment (reason required; kept in the audit log shown by grades and exports)",
    },
    "grades.mistakes": {
        "zh": "全班最常见的错误",
        "en": "The class's most common mistakes",
    },
    "grades.mistake_count": {
        "zh": "{n} 次 · {students} 人",
        "en": "{n} times · {students} students",
    },
    "grades.audit": {
        "zh": "调分记录",
        "en": "Adjustments",
    },
    "grades.flagged": {
        "zh": "⚠ 有 {n} 名学生的成绩被标记(超时、重放不一致等):{who};详见导出的明细表",
        "en": "⚠ {n} students have flagged results (over time, replay mismatch…): {who}; see the detail sheet of an export",
        "en_one": "⚠ {n} student has flagged results (over time, replay mismatch…): {who}; see the detail sheet of an export",
    },
    "grades.flagged_more": {"zh": " 等(另有 {n} 名)", "en": " and {n} more"},
    "grades.more": {
        "zh": "只显示前 {shown} 名(共 {n} 名学生);--all 显示全部,--export 导出全部",
        "en": "Showing the first {shown} of {n} students; --all shows everyone, --export writes everyone",
    },
    "opt.all_rows": {"zh": "显示全部学生(默认只显示前 100 名)", "en": "Show every student (by default the first 100)"},
    "rulekind.insult": {"zh": "辱骂顾客", "en": "insulting the buyer"},
    "rulekind.refusal": {"zh": "生硬拒绝", "en": "curt refusal"},
    "rulekind.blame": {"zh": "指责顾客", "en": "blaming the buyer"},
    "rulekind.impatience": {"zh": "不耐烦", "en": "impatience"},
    "rulekind.violation": {"zh": "平台违规", "en": "platform violation"},
    "rulekind.negative": {"zh": "消极回应", "en": "negative answer"},
    "rulekind.absolute_claim": {"zh": "绝对化用语", "en": "absolute claim"},
    "rulekind.vague": {"zh": "含糊其辞", "en": "vague answer"},
    "grades.distribution": {
        "zh": "分数分布",
        "en": "Distribution",
    },
    "grades.adjusted": {
        "zh": "已为 {student} 调分 {points}({reason}),总评现在是 {final}",
        "en": "Adjusted {student} by {points} ({reason}); final grade now {final}",
    },
    "grades.exported": {
        "zh": "已导出:{path}",
        "en": "Exported: {path}",
    },
    "col.student_id": {
        "zh": "学号",
        "en": "Student ID",
    },
    "col.name": {
        "zh": "姓名",
        "en": "Name",
    },
    "col.class": {
        "zh": "班级",
        "en": "Class",
    },
    "col.team": {
        "zh": "小组",
        "en": "Team",
    },
    "col.rank": {
        "zh": "名次",
        "en": "Rank",
    },
    "col.raw_score": {
        "zh": "考试分",
        "en": "Exam score",
    },
    "col.adjustment": {
        "zh": "调分",
        "en": "Adjustment",
    },
    "col.final": {
        "zh": "总评",
        "en": "Final",
    },
    "col.adjust_log": {
        "zh": "调分记录",
        "en": "Adjustment log",
    },
    "col.average": {
        "zh": "班级平均",
        "en": "Class average",
    },
    "col.scenario": {
        "zh": "场景",
        "en": "Scenario",
    },
    "col.sitting": {
        "zh": "第几次",
        "en": "Attempt",
    },
    "col.total": {
        "zh": "得分",
        "en": "Score",
    },
    "col.outcome_id": {"zh": "结局编号", "en": "Outcome id"},
    "col.scenario_id": {"zh": "场景编号", "en": "Scenario id"},
    "col.outcome_label": {"zh": "结局名称", "en": "Ending"},
    "col.outcome": {
        "zh": "结局",
        "en": "Outcome",
    },
    "col.good": {
        "zh": "好/坏",
        "en": "Good/bad",
    },
    "col.response_time": {
        "zh": "总响应时间(秒)",
        "en": "Total response time (s)",
    },
    "col.finished": {
        "zh": "完成时间",
        "en": "Finished",
    },
    "col.flags": {
        "zh": "标记",
        "en": "Flags",
    },
    "col.points": {
        "zh": "分数",
        "en": "Points",
    },
    "col.reason": {
        "zh": "原因",
        "en": "Reason",
    },
    "col.author": {
        "zh": "调分人",
        "en": "By",
    },
    "col.when": {
        "zh": "时间",
        "en": "When",
    },
    "col.file": {
        "zh": "文件",
        "en": "File",
    },
    "col.status": {
        "zh": "结果",
        "en": "Status",
    },
    "col.notes": {
        "zh": "说明",
        "en": "Notes",
    },
    "col.old": {
        "zh": "原成绩",
        "en": "Old",
    },
    "col.new": {
        "zh": "新成绩",
        "en": "New",
    },
    "col.change": {
        "zh": "变化",
        "en": "Change",
    },
    "xlsx.grades": {
        "zh": "成绩",
        "en": "Grades",
    },
    "xlsx.detail": {
        "zh": "场景明细",
        "en": "Per scenario",
    },
    "xlsx.adjustments": {
        "zh": "调分记录",
        "en": "Adjustments",
    },
    "exam.resumed": {
        "zh": "继续这道考题:已回复 {n} 轮。计时没有停:暂停的时间也算在本条回复里。",
        "en": "Continuing this exam question: {n} replies so far. The clock did not stop: the pause counts towards this reply.",
        "en_one": "Continuing this exam question: {n} reply so far. The clock did not stop: the pause counts towards this reply.",
    },
    "exam.scenario_end": {"zh": "本题结束:{label}", "en": "Question over: {label}"},
    "exam.busy": {
        "zh": "成绩文件 {path} 正在被另一个 kefu exam take 使用({holder})。同一个学号同时只能考一场;请关掉另一个窗口后再试。",
        "en": "The result file {path} is in use by another kefu exam take ({holder}). One student id takes one sitting at a time; close the other window and try again.",
    },
    "exam.interrupted": {
        "zh": "已暂停,已输入的回复都已保存。在考试时间内重新运行同一条 kefu exam take 命令即可继续。",
        "en": "Paused; every reply so far is saved. Run the same kefu exam take command again (while exam time remains) to continue.",
    },
    "regrade.skipped": {
        "zh": "这些场景在考试后被修改或删除,相关记录保留原分数:{scenarios}",
        "en": "These scenarios changed or vanished since the exam; their results keep their old scores: {scenarios}",
    },
    "exam.time_over": {
        "zh": "考试时间已到,这次作答已经结束并保存({path}),未完成的场景按买家离开计。",
        "en": "The exam time is over; this attempt has been closed and saved ({path}); unfinished scenarios count as the buyer leaving.",
    },
    "exam.other_student_file": {
        "zh": "{path} 是学生「{name}」的成绩文件:同一个学号不能换人继续作答。",
        "en": "{path} belongs to the student “{name}”: one student id cannot be continued by someone else.",
    },
    "collect.too_many_sittings": {
        "zh": "文件里有 {n} 次作答,这场考试只允许 {allowed} 次:多出的部分被拒绝",
        "en": "The file holds {n} attempts but the exam allows {allowed}: the extra ones are refused",
        "en_one": "The file holds {n} attempt but the exam allows {allowed}: the extra ones are refused",
    },
    "collect.no_files": {
        "zh": "文件夹 {path} 里没有成绩文件(*{suffix})",
        "en": "The folder {path} holds no result files (*{suffix})",
    },
    "collect.uid_twice": {
        "zh": "场景 {scenario} 的对话编号和本文件里场景 {other} 的相同(复制来的对话?):这段对话被拒绝",
        "en": "Scenario {scenario} has the same conversation id as scenario {other} in this file (a copied conversation?): it is refused",
    },
    "collect.replies_after_end": {
        "zh": "场景 {scenario}:对话结束后的 {n} 条回复没有计分(改过?)",
        "en": "Scenario {scenario}: {n} replies after the conversation ended (an edited file?) were not scored",
        "en_one": "Scenario {scenario}: {n} reply after the conversation ended (an edited file?) was not scored",
    },
    "collect.replies_cut": {
        "zh": "场景 {scenario}:第 {turns} 条回复超过 {limit} 字,只按前 {limit} 字计分",
        "en": "Scenario {scenario}: reply {turns} is over {limit} characters; only the first {limit} were scored",
    },
    "collect.latency_missing": {
        "zh": "场景 {scenario}:第 {turns} 条回复没有用时(非终端作答?)",
        "en": "Scenario {scenario}: reply {turns} has no recorded time (not answered at a terminal, or an edited file)",
    },
    "collect.retried": {
        "zh": "场景 {scenario}:记录里有重答(考试不能重答,文件被改过?)",
        "en": "Scenario {scenario}: the file holds retried replies (exams have none: an edited file?)",
    },
    "collect.pasted": {
        "zh": "场景 {scenario}:第 {turns} 条回复标记为粘贴(比打字快,或是粘贴进来的)",
        "en": "Scenario {scenario}: reply {turns} marked 粘贴 (faster than typing, or pasted in)",
    },
    "col.pasted": {"zh": "粘贴", "en": "Pasted (粘贴)"},
    "grades.pasted": {
        "zh": "粘贴(仅教师可见):{n} 名学生有回复比打字快或是粘贴的 —— {who}",
        "en": "Pasted (teacher only): {n} students sent replies faster than typing or pasted them — {who}",
    },
    "review.reason.pasted": {"zh": "粘贴", "en": "pasted (粘贴)"},
    "collect.latency_impossible": {
        "zh": "场景 {scenario}:第 {turns} 条回复用时短得不可能(每秒超过 {cps} 字)",
        "en": "Scenario {scenario}: reply {turns} took impossibly little time (over {cps} characters a second: pasted, or an edited file)",
    },
    "collect.latency_inconsistent": {
        "zh": "场景 {scenario}:第 {turns} 条回复的用时和时间点对不上(改过?)",
        "en": "Scenario {scenario}: the time of reply {turns} does not match its timestamps (an edited file?)",
    },
    "collect.scenario_twice": {
        "zh": "第 {sitting} 次作答里场景 {scenario} 出现了不止一次:多出的对话被拒绝",
        "en": "Scenario {scenario} appears more than once in attempt {sitting}: the extra conversation is refused",
    },
    "collect.seed_differs": {
        "zh": "场景 {scenario} 用的对话种子与考试不同(买家台词和别人不一样),拒绝导入",
        "en": "Scenario {scenario} was played with another seed than the exam's (other buyer lines); refused",
    },
    # ---- end gradebook and exams ----
    # ---- scenarios ----
    "scenarios.help": {"zh": "查看、校验和测试场景", "en": "List, validate and test scenarios"},
    "scenarios.list.help": {"zh": "列出所有场景", "en": "List all scenarios"},
    "scenarios.show.help": {"zh": "显示一个场景的详情", "en": "Show one scenario"},
    "scenarios.validate.help": {
        "zh": "校验场景文件(格式错误和图结构问题)",
        "en": "Validate scenario files (format errors and graph problems)",
    },
    "opt.type": {"zh": "只显示这种买家类型", "en": "Only this persona type"},
    "opt.stage": {"zh": "只显示这个阶段(presale/insale/aftersale 或 售前/售中/售后)", "en": "Only this stage (presale/insale/aftersale)"},
    "col.id": {"zh": "编号", "en": "ID"},
    "col.title": {"zh": "标题", "en": "Title"},
    "col.type": {"zh": "买家类型", "en": "Persona"},
    "col.stage": {"zh": "阶段", "en": "Stage"},
    "col.difficulty": {"zh": "难度", "en": "Difficulty"},
    "scenarios.count": {"zh": "共 {n} 个场景", "en": "{n} scenarios", "en_one": "{n} scenario"},
    "scenarios.valid": {"zh": "✓ {path}:{id} 校验通过", "en": "✓ {path}: {id} is valid"},
    "scenarios.invalid": {"zh": "✗ {n} 个问题", "en": "✗ {n} problems", "en_one": "✗ {n} problem"},
    "scenarios.test.help": {
        "zh": "运行场景自带的测试脚本(范例回复和差劲回复),检查结局和分数;不带参数时测试全部场景",
        "en": "Run each scenario's own test scripts (model and poor replies) and check endings and scores; all scenarios without arguments",
    },
    "arg.scenario_refs": {"zh": "场景编号、场景文件或文件夹", "en": "Scenario ids, files or folders"},
    "scenarios.test.running": {"zh": "正在测试场景", "en": "Testing scenarios"},
    "scenarios.test.got": {"zh": "结局 {outcome}", "en": "ended {outcome}"},
    "scenarios.test.want": {"zh": "(应为 {expect})", "en": "(expected {expect})"},
    "scenarios.test.score": {"zh": "得分 {score}(要求 {range})", "en": "score {score} (wanted {range})"},
    "scenarios.test.score_only": {"zh": "得分 {score}", "en": "score {score}"},
    "scenarios.test.fail.outcome": {"zh": "结局不是预期的结局", "en": "the ending is not the expected one"},
    "scenarios.test.fail.min_score": {"zh": "得分低于 min_score", "en": "the score is below min_score"},
    "scenarios.test.fail.max_score": {"zh": "得分高于 max_score", "en": "the score is above max_score"},
    "scenarios.test.summary": {
        "zh": "{n} 个场景,{scripts} 个测试脚本,{failed} 个场景未通过",
        "en": "{n} scenarios, {scripts} test scripts, {failed} scenarios failed",
    },
    "scenarios.rule.no_model_script": {
        "zh": "缺少范例脚本:需要一个 expect 为最好结局({best})、min_score ≥ {min} 的测试",
        "en": "No model script: add a test expecting the best ending ({best}) with min_score ≥ {min}",
    },
    "scenarios.rule.no_poor_script": {
        "zh": "缺少差劲脚本:需要一个 expect 为坏结局、max_score ≤ {max} 的测试",
        "en": "No poor script: add a test expecting a bad ending with max_score ≤ {max}",
    },
    "scenarios.rule.few_good_authors": {
        "zh": "好脚本(min_score ≥ {min})只来自 {n} 位作者(author),至少需要 {need} 位不同的作者",
        "en": "Good scripts (min_score ≥ {min}) come from {n} authors; at least {need} different "
              "authors are needed",
    },
    "scenarios.rule.no_blind_script": {
        "zh": "缺少盲写脚本:需要一个 blind: true 的好脚本(作者只看过 kefu scenarios show)",
        "en": "No blind script: add a good script with blind: true (its author saw only "
              "kefu scenarios show)",
    },
    "scenarios.rule.no_weak_script": {
        "zh": "缺少礼貌但没解决问题的脚本(kind: weak),或它的得分不低于最低的好脚本({lowest})、"
              "走到了最好结局",
        "en": "No weak-but-polite script (kind: weak), or it scores as high as the lowest good "
              "script ({lowest}) or reaches the best ending",
    },
    "scenarios.rule.no_salad_script": {
        "zh": "缺少关键词堆砌脚本:需要一个 kind: salad、max_score ≤ {max}、到不了最好结局的测试",
        "en": "No keyword-salad script: add a test with kind: salad and max_score ≤ {max} that "
              "does not reach the best ending",
    },
    "scenarios.rule.few_good_endings": {
        "zh": "能走到的好结局只有 {n} 个({endings}),至少需要 {need} 个",
        "en": "Only {n} good endings can be reached ({endings}); at least {need} are needed",
    },
    "scenarios.rule.few_bad_endings": {
        "zh": "能走到的坏结局只有 {n} 个({endings}),至少需要 {need} 个(buyer_left 只有被边指向时才算)",
        "en": "Only {n} bad endings can be reached ({endings}); at least {need} are needed (buyer_left counts only when an edge leads to it)",
    },
    "scenarios.graph.help": {
        "zh": "以树形显示场景的对话图:买家每句话之后,学生的回复会走向哪里",
        "en": "Show a scenario's turn graph as a tree: where each kind of reply leads",
    },
    "scenarios.graph.patience": {"zh": "耐心", "en": "patience"},
    "scenarios.new.help": {
        "zh": "生成一个带注释的场景骨架(可直接通过校验和测试),不带 --out 时打印到屏幕",
        "en": "Write a commented scenario skeleton that validates and passes its tests; printed without --out",
    },
    "opt.new_type": {
        "zh": "买家类型:bargainer、complainer、negative_reviewer、presale、aftersale、hostile",
        "en": "Persona type: bargainer, complainer, negative_reviewer, presale, aftersale, hostile",
    },
    "opt.new_out": {"zh": "写入这个文件(不会覆盖已有文件)", "en": "Write to this file (never overwrites)"},
    "scenarios.new.written": {
        "zh": "已生成 {path}。改好后运行 kefu scenarios validate / test / graph 检查。",
        "en": "Wrote {path}. After editing, check it with kefu scenarios validate / test / graph.",
    },
    "err.bad_persona_type": {"zh": "未知的买家类型:{value}(可用:{known})", "en": "Unknown persona type: {value} (use one of: {known})"},
    "scenarios.graph.needs": {"zh": "[要听到:{needs}]", "en": "[needs: {needs}]"},
    "scenarios.graph.met": {"zh": "[已说过 → {goto}:“{say}”]",
                            "en": "[already said → {goto}: “{say}”]"},
    "scenarios.graph.elsewhere": {"zh": "(在别处展开)", "en": "(expanded elsewhere)"},
    "scenarios.graph.temper": {
        "zh": "耐心 {p},每轮 -{d},最多 {turns} 轮",
        "en": "patience {p}, -{d} a turn, at most {turns} turns",
    },
    "scenarios.graph.legend": {
        "zh": "● 买家节点((+N) 表示还有 N 条台词变体)  ■ 结局  ↺ 转到在别处展开的节点 · 边按顺序匹配,第一个满足条件的生效;耐心降到 0 买家离开(buyer_left)",
        "en": "● buyer node ((+N): N more line variants)  ■ ending  ↺ goes to a node expanded elsewhere · edges are tried in order, the first match wins; at patience 0 the buyer leaves (buyer_left)",
    },
    "persona.bargainer": {"zh": "讨价还价", "en": "bargainer"},
    "persona.complainer": {"zh": "投诉", "en": "complainer"},
    "persona.negative_reviewer": {"zh": "中差评", "en": "negative reviewer"},
    "persona.presale": {"zh": "售前咨询", "en": "pre-sale"},
    "persona.aftersale": {"zh": "售后", "en": "after-sale"},
    "persona.hostile": {"zh": "恶意/骚扰", "en": "hostile"},
    "stage.presale": {"zh": "售前", "en": "pre-sale"},
    "stage.insale": {"zh": "售中", "en": "order"},
    "stage.aftersale": {"zh": "售后", "en": "after-sale"},
    "show.brief": {"zh": "任务", "en": "Brief"},
    "show.persona": {"zh": "买家", "en": "Buyer"},
    "show.patience": {"zh": "耐心 {p},每轮下降 {d}", "en": "patience {p}, drops {d} a turn"},
    "show.outcomes": {"zh": "结局", "en": "Endings"},
    "show.good": {"zh": "好", "en": "good"},
    "show.bad": {"zh": "坏", "en": "bad"},
    "show.slots": {"zh": "需要做到", "en": "Must cover"},
    # ---- drill ----
    "drill.help": {
        "zh": "开始一次对练:和脚本买家聊天,每条回复后有点评,结束时给出成绩单。不带 --scenario 时先选择场景(--focus weak 按你的弱项挑选);点评后可输入 /重答 重新回复一次;Ctrl-C 暂停,kefu resume 继续。",
        "en": "Start a drill: chat with a scripted buyer, get feedback after each reply and a report card at the end. Without --scenario pick one first (--focus weak picks one for your weakest point); after the coaching type /retry to answer again once; Ctrl-C pauses, kefu resume continues.",
    },
    "resume.help": {
        "zh": "继续上一次未完成的对练(场景文件改动过则拒绝)",
        "en": "Continue the last unfinished drill (refused if its scenario file has changed)",
    },
    "opt.scenario": {"zh": "场景编号(不填则交互选择)", "en": "Scenario id (omit to pick interactively)"},
    "opt.seed": {"zh": "随机种子:同一种子对话相同", "en": "Random seed: the same seed gives the same conversation"},
    "opt.coach": {"zh": "每条回复后显示点评和更好的说法", "en": "After each reply show feedback and a better phrasing"},
    "opt.replies": {
        "zh": "非交互:从文件读取回复,每行一条(空行表示沉默),- 表示标准输入",
        "en": "Non-interactive: read replies from FILE, one per line (empty line = silence); - for stdin",
    },
    "opt.focus": {
        "zh": "weak:按你的历史成绩挑一个练最弱项(某个评分维度或某个意图)的场景,并说明为什么选它",
        "en": "weak: pick a scenario that trains your weakest point (a scoring dimension or an intent), from your history, and say why",
    },
    "err.bad_focus": {"zh": "--focus 只能是 weak(不是 {value})", "en": "--focus takes weak (not {value})"},
    "err.focus_and_scenario": {"zh": "--focus 和 --scenario 只能选一个", "en": "Give --focus or --scenario, not both"},
    "focus.starter": {
        "zh": "还没有你的练习记录,先从入门场景「{title}」开始。",
        "en": "No history of yours yet: starting with the starter scenario 「{title}」.",
    },
    "focus.intent": {
        "zh": "你最弱的是「{label}」:最近 {chances} 次机会只做到 {done} 次({value}%);「{title}」要求做到这一点。",
        "en": "Your weakest point is 「{label}」: done {done} of {chances} times lately ({value}%); 「{title}」 asks for it.",
    },
    "focus.dimension": {
        "zh": "你最弱的是「{label}」(平均 {value} 分);上次在「{title}」这一项只得 {here} 分,再练一次。",
        "en": "Your weakest dimension is {label} (average {value}); last time in 「{title}」 it scored {here}: try it again.",
    },
    "focus.dimension_new": {
        "zh": "你最弱的是「{label}」(平均 {value} 分);用没练过的「{title}」来练这一项。",
        "en": "Your weakest dimension is {label} (average {value}); training it with 「{title}」, new to you.",
    },
    "drill.pick": {"zh": "选择一个场景(输入 1–{n} 的序号,或场景编号,Tab 补全):", "en": "Pick a scenario (1–{n}, or its id; Tab completes):"},
    "drill.pick_invalid": {"zh": "请输入 1 到 {n} 之间的数字或场景编号", "en": "Enter a number from 1 to {n} or a scenario id"},
    "drill.patience": {"zh": "买家耐心", "en": "Buyer patience"},
    "drill.you": {"zh": "我(客服)", "en": "Me (agent)"},
    "drill.prompt": {"zh": "回复> ", "en": "Reply> "},
    "drill.input_help": {
        "zh": "Enter 发送 · Alt+Enter(或 Esc 再 Enter)换行 · ↑ 历史 · 空回复=沉默 · Ctrl-C 暂停并保存",
        "en": "Enter sends · Alt+Enter (or Esc, Enter) new line · ↑ history · empty reply = silence · Ctrl-C pauses and saves",
    },
    "drill.saved": {"zh": "对话已保存:{path}", "en": "Transcript saved: {path}"},
    "drill.again": {
        "zh": "再练一次同样的对话:kefu drill -s {id} --seed {seed}",
        "en": "Practise the same conversation again: kefu drill -s {id} --seed {seed}",
    },
    "drill.reply_cut": {
        "zh": "这条回复有 {n} 个字,超过了 {limit} 字的上限(聊天消息要简短):只保留并评分前 {limit} 个字。",
        "en": "This reply has {n} characters, over the {limit}-character cap (a chat message is short): only the first {limit} are kept and scored.",
    },
    "drill.end": {"zh": "对练结束:{label}", "en": "Drill over: {label}"},
    "coach.better": {"zh": "更好的说法:{text}", "en": "Better: {text}"},
    "coach.silence": {
        "zh": "没有回复:买家在等你,沉默会让买家失去耐心。",
        "en": "No reply: the buyer is waiting, and silence costs patience.",
    },
    "coach.silence_better": {
        "zh": "亲,请稍等,马上为您查询~(先回一句,再详细答复)",
        "en": "亲,请稍等,马上为您查询~ (answer at once, then give the details)",
    },
    "coach.title": {"zh": "教练点评", "en": "Coach"},
    "coach.polite": {"zh": "礼貌用语", "en": "Polite wording"},
    "advice.best_needed": {"zh": "最好的结局「{label}」还需要:{needs}",
                           "en": "The best ending ({label}) also needed: {needs}"},
    "advice.best_patience": {
        "zh": "最好的结局「{label}」需要顾客一路保持耐心:先正面回答,别让顾客重复问,语气热情些",
        "en": "The best ending ({label}) needs the buyer's patience all the way: answer first, "
              "never make the buyer ask twice, stay warm"},
    "advice.best_suggestion": {"zh": "再练一次,把这些做到。", "en": "Try again and do these."},
    "advice.asked_question": {"zh": "主动问顾客的需求", "en": "asking the buyer what they need"},
    "advice.price_offered": {"zh": "给出明确的价格", "en": "naming a clear price"},
    "advice.fact": {"zh": "说清具体信息({fact})", "en": "stating the detail ({fact})"},
    "advice.polite.any": {"zh": "礼貌用语", "en": "polite wording"},
    "advice.polite.greeting": {"zh": "问候顾客", "en": "greeting the buyer"},
    "advice.polite.thanks": {"zh": "感谢顾客", "en": "thanking the buyer"},
    "advice.polite.apology": {"zh": "道歉", "en": "an apology"},
    "advice.polite.request": {"zh": "礼貌请求(请、麻烦您)", "en": "polite requests (请, 麻烦您)"},
    "advice.polite.waiting": {"zh": "请顾客稍等", "en": "asking the buyer to wait a moment"},
    "advice.polite.empathy": {"zh": "理解顾客的感受", "en": "empathy with the buyer"},
    "advice.polite.closing": {"zh": "温暖的结束语", "en": "a warm closing"},
    "advice.polite.honorific": {"zh": "称呼您/亲", "en": "addressing the buyer as 您/亲"},
    "advice.polite.praise": {"zh": "赞美顾客", "en": "a compliment to the buyer"},
    "feel.line": {"zh": "  买家的感受:{parts}(耐心 {delta})",
                  "en": "  How the buyer felt: {parts} (patience {delta})"},
    "feel.rest": {"zh": "这一步本身、每轮消耗和催促", "en": "the step itself, waning patience, 催"},
    "feel.warmth": {"zh": "热情", "en": "warmth"},
    "feel.engaging": {"zh": "主动询问", "en": "engaging question"},
    "feel.relevant": {"zh": "答到点子上", "en": "answered the point"},
    "feel.dodged": {"zh": "没回答问题", "en": "dodged the question"},
    "feel.cold": {"zh": "冷淡", "en": "cold"},
    "feel.plain_address": {"zh": "称呼用了“你”", "en": "plain 你"},
    "feel.blame": {"zh": "指责顾客", "en": "blamed the buyer"},
    "drill.last_word": {
        "zh": "买家要结束对话了:回一句收尾(道谢、祝福、欢迎再来),这一句也计分;直接回车跳过",
        "en": "The buyer is leaving: send one closing line (thanks, good wishes, welcome back); "
              "it is scored too. Press Enter to skip",
    },
    "drill.nudged": {
        "zh": "买家在催(已催 {n} 次,耐心 ▼{cost})",
        "en": "The buyer is chasing you ({n}×, patience ▼{cost})",
    },
    "coach.nudged": {
        "zh": "买家等得不耐烦,催了 {n} 次(耐心 -{cost})",
        "en": "The buyer got tired of waiting and chased you {n}× (patience -{cost})",
    },
    "coach.nudged_better": {
        "zh": "一时答不全,先回一句「亲,稍等,马上为您查询~」,别让买家干等",
        "en": "If the full answer takes time, first send 「亲,稍等,马上为您查询~」 so the buyer is not left waiting",
    },
    "report.nudged": {"zh": "(催了 {n} 次)", "en": "(chased {n}×)"},
    "drill.buyer_waited": {
        "zh": "买家等了 {s} 秒没有等到回复(算作沉默)",
        "en": "The buyer waited {s} seconds without a reply (counted as silence)",
    },
    "drill.retry_hint": {
        "zh": "想换个说法?输入 /重答 重新回复上一轮(每轮一次,只在练习中)。",
        "en": "Want another go? Type /retry to answer the last line again (once a turn, practice only).",
    },
    "drill.no_retry": {
        "zh": "这一轮不能重答(每轮只能重答一次,且要在点评之后)。请直接回复。",
        "en": "No retry here (once a turn, after the coaching). Reply to the buyer.",
    },
    "drill.retrying": {
        "zh": "重答上一轮:买家的话再说一遍,原来的回复留在记录里,不计分。",
        "en": "Answering the last line again: the old reply stays in the transcript, unscored.",
    },
    "drill.silence": {"zh": "(没有回复)", "en": "(no reply)"},
    "drill.resumed": {"zh": "继续上次的对练:已回复 {n} 轮。", "en": "Resuming your drill: {n} replies so far.",
                      "en_one": "Resuming your drill: {n} reply so far."},
    "drill.cancelled": {"zh": "已取消。", "en": "Cancelled."},
    "drill.unfinished_hint": {
        "zh": "提示:你还有一次未完成的对练,可以用 kefu resume 继续。",
        "en": "Note: you have an unfinished drill; kefu resume continues it.",
    },
    "err.no_scenarios": {"zh": "没有可用的场景。", "en": "No scenarios available."},
    "report.title": {"zh": "成绩单", "en": "Report card"},
    "report.outcome": {"zh": "结局:{label}({good})", "en": "Outcome: {label} ({good})"},
    "report.total": {"zh": "总分:{total} / 100", "en": "Total: {total} / 100"},
    "report.omitted": {"zh": "未计入:{what}", "en": "Not counted: {what}"},
    "report.transcript": {"zh": "对话记录", "en": "Transcript"},
    "dim.politeness": {"zh": "礼貌用语", "en": "Politeness"},
    "dim.forbidden": {"zh": "禁用语", "en": "Forbidden wording"},
    "dim.resolution": {"zh": "问题解决", "en": "Resolution"},
    "dim.responsiveness": {"zh": "响应速度", "en": "Responsiveness"},
    "dim.outcome": {"zh": "结局", "en": "Outcome"},
    "role.buyer": {"zh": "买家", "en": "Buyer"},
    "role.agent": {"zh": "客服", "en": "Agent"},
    # ---- check / score ----
    "check.help": {
        "zh": "检查回复中的礼貌用语和禁用语(不带参数时从标准输入逐行读取)",
        "en": "Check replies for politeness and forbidden wording (reads stdin line by line without TEXT)",
    },
    "check.clean": {"zh": "没有发现禁用语", "en": "No forbidden wording"},
    "check.polite": {"zh": "礼貌用语:{items}", "en": "Politeness: {items}"},
    "check.none_polite": {"zh": "没有礼貌用语", "en": "No politeness phrases"},
    "check.intents": {"zh": "做到了:{items}", "en": "Does: {items}"},
    "check.intents_refused": {"zh": "拒绝了:{items}", "en": "Refuses: {items}"},
    "check.intents_mentioned": {"zh": "只是提到:{items}", "en": "Only mentioned: {items}"},
    "check.clause": {"zh": "分句「{text}」:{what}", "en": "Clause 「{text}」: {what}"},
    "check.mood.question": {"zh": "提问", "en": "a question"},
    "check.mood.condition": {"zh": "条件", "en": "a condition"},
    "check.mood.quoted": {"zh": "引用别人的话", "en": "someone else's words"},
    "check.negation": {"zh": "否定 {cue} → {scope}", "en": "negation {cue} → {scope}"},
    "check.plain_address": {"zh": "称呼顾客用了\"你\"({count} 处),建议改用\"您\"",
                            "en": "The buyer is addressed as 你 ({count}×); use 您"},
    "opt.overlay": {"zh": "班级/考试的词库补充文件(YAML)", "en": "Class or exam lexicon overlay (YAML)"},
    "score.help": {"zh": "重新给保存的对话记录评分", "en": "Re-score saved transcripts"},
    "arg.check_texts": {
        "zh": "要检查的回复;不写或写 - 时从标准输入每行读一条",
        "en": "Replies to check; without any, or with -, one reply per line from stdin",
    },
    "opt.check_json": {
        "zh": "每条回复输出一行 JSON:text、politeness、forbidden(位置是原文的字符下标)",
        "en": "One JSON line per reply: text, politeness, forbidden (offsets are character indexes into the text)",
    },
    "arg.transcripts": {"zh": "对话记录文件(.json)", "en": "Transcript files (.json)"},
    "score.file": {"zh": "对话记录 {path}({scenario})", "en": "Transcript {path} ({scenario})"},
    "score.scenario_changed": {
        "zh": "场景 {scenario} 在这份记录之后改过,按现在的场景评分",
        "en": "Scenario {scenario} has changed since this transcript; scored against the current one",
    },
    # ---- report (HTML feedback page) ----
    "html.title": {"zh": "{name} 的考试反馈", "en": "Feedback for {name}"},
    "html.student_id": {"zh": "学号", "en": "Student ID"},
    "html.class": {"zh": "班级", "en": "Class"},
    "html.team": {"zh": "小组", "en": "Team"},
    "html.exam": {"zh": "考试", "en": "Exam"},
    "html.total": {"zh": "总成绩", "en": "Total"},
    "html.rank": {"zh": "第 {n} 名 / 共 {of} 人", "en": "rank {n} of {of}"},
    "html.chart": {"zh": "各维度得分", "en": "Score by dimension"},
    "html.points": {"zh": "{points} 分", "en": "{points} points"},
    "html.outcome": {"zh": "结局", "en": "Outcome"},
    "html.unfinished": {"zh": "未完成", "en": "unfinished"},
    "html.silence": {"zh": "(没有回复)", "en": "(no reply)"},
    "html.latency": {"zh": "用时 {s} 秒", "en": "{s} s"},
    "html.resolution": {"zh": "问题解决要点", "en": "What the buyer needed"},
    "html.adjustments": {"zh": "老师调整", "en": "Teacher adjustments"},
    "html.adj_points": {"zh": "分数", "en": "Points"},
    "html.adj_reason": {"zh": "原因", "en": "Reason"},
    "html.adj_by": {"zh": "调整人", "en": "By"},
    "html.adj_at": {"zh": "时间", "en": "When"},
    "html.legend_polite": {"zh": "礼貌用语", "en": "polite wording"},
    "html.legend_major": {"zh": "禁用语", "en": "forbidden wording"},
    "html.legend_soft": {"zh": "否定语气", "en": "negative tone"},
    "report.help": {
        "zh": "为一名学生生成考试反馈网页(HTML):每段对话标出礼貌用语和禁用语并给出更好的说法,各维度得分图,结局和老师调整",
        "en": "Write one student's exam feedback page (HTML): each conversation with polite and forbidden wording highlighted and better phrasings, a chart of the dimension scores, outcomes and teacher adjustments",
    },
    "report.opt.html": {"zh": "写入的 HTML 文件", "en": "The HTML file to write"},
    "report.written": {"zh": "反馈网页已写入:{path}(总成绩 {total})", "en": "Feedback page written: {path} (total {total})"},
    "err.report_write": {"zh": "无法写入 {path}:{why}", "en": "Cannot write {path}: {why}"},
    "err.is_a_folder": {"zh": "这是一个文件夹", "en": "it is a folder"},
    "err.report_no_result": {
        "zh": "成绩册里没有学生 {student} 在考试 {exam} 的成绩",
        "en": "No results of student {student} in exam {exam} in the gradebook",
    },
    # ---- leaderboard ----
    "opt.db": {
        "zh": "成绩库地址:sqlite:///文件 或 postgresql://用户@主机/库名(也可用环境变量 KEFU_DB;默认在用户数据目录)",
        "en": "Gradebook database: sqlite:///FILE or postgresql://user@host/db (or KEFU_DB; default: the user data dir)",
    },
    "lb.help": {
        "zh": "排行榜:按最好成绩排名(考试含老师调整);同分时响应总用时少者在前,再同则先完成者在前。小组按组员最好成绩的平均分排名。",
        "en": "Leaderboard: ranked by best score (exams include teacher adjustments); ties go to the lower total response time, then the earlier finish. Teams are ranked by the average of their members' best scores.",
    },
    "lb.opt.exam": {"zh": "考试编号(只有一场考试时可省略)", "en": "Exam id (may be omitted when there is only one exam)"},
    "lb.opt.scenario": {"zh": "按单个场景排名(对练和考试都算)", "en": "Rank one scenario instead (drills and exams count)"},
    "lb.opt.class": {"zh": "只显示这个班级", "en": "Only this class"},
    "lb.opt.team": {"zh": "按小组排名(组员最好成绩的平均分,人多不占优势)", "en": "Rank teams (the average of their members' best scores, so size gives no edge)"},
    "lb.opt.top": {"zh": "显示前 N 名", "en": "Show the top N"},
    "lb.opt.watch": {"zh": "实时刷新:成绩进入成绩库时自动更新,Ctrl-C 退出", "en": "Refresh live as results arrive in the gradebook; Ctrl-C to stop"},
    "lb.opt.interval": {"zh": "--watch 的刷新间隔(秒)", "en": "Seconds between --watch refreshes"},
    "lb.opt.freeze": {
        "zh": "封榜时刻,像比赛的最后一小时:之后完成的成绩(和老师调整)不显示,只显示条数。可写分钟数(从现在起 N 分钟后封榜)、HH:MM(今天的本地时间)或完整日期时间(2026-06-01T10:30)",
        "en": "Freeze the board, like a contest's last hour: results (and adjustments) after this moment are not shown, only counted. MINUTES (freeze N minutes from now), HH:MM (today, local time) or a full date-time (2026-06-01T10:30)",
    },
    "lb.title": {"zh": "排行榜", "en": "Leaderboard"},
    "lb.scope.exam": {"zh": "考试", "en": "exam"},
    "lb.scope.scenario": {"zh": "场景", "en": "scenario"},
    "lb.class": {"zh": "班级", "en": "class"},
    "lb.frozen": {"zh": "❄ 已封榜({at} 起),{hidden} 条之后的成绩未显示", "en": "❄ Frozen since {at}; {hidden} later results not shown"},
    "lb.freezes_at": {"zh": "将于 {at} 封榜", "en": "The board freezes at {at}"},
    "lb.col.rank": {"zh": "名次", "en": "Rank"},
    "lb.col.student": {"zh": "学生", "en": "Student"},
    "lb.col.class": {"zh": "班级", "en": "Class"},
    "lb.col.team": {"zh": "小组", "en": "Team"},
    "lb.col.members": {"zh": "人数", "en": "Members"},
    "lb.col.score": {"zh": "成绩", "en": "Score"},
    "lb.col.time": {"zh": "响应用时", "en": "Reply time"},
    "lb.col.finished": {"zh": "完成时间", "en": "Finished"},
    "lb.col.attempts": {"zh": "次数", "en": "Tries"},
    "lb.empty": {"zh": "还没有成绩。", "en": "No results yet."},
    "lb.watch_help": {"zh": "每 {s} 秒刷新 · Ctrl-C 退出", "en": "Refreshing every {s} s · Ctrl-C to stop"},
    "err.lb_two_scopes": {"zh": "--exam 和 --scenario 只能选一个。", "en": "Use either --exam or --scenario, not both."},
    "err.lb_watch_json": {"zh": "--watch 是终端实时显示,不能和 --json 同时使用。", "en": "--watch draws in the terminal; it cannot be combined with --json."},
    "err.not_a_tty_watch": {"zh": "--watch 需要终端。", "en": "--watch needs a terminal."},
    "err.lb_no_exams": {"zh": "成绩库里还没有考试;用 --scenario 查看场景排行。", "en": "The gradebook has no exams yet; use --scenario for a scenario board."},
    "err.lb_pick_scope": {"zh": "请用 --exam 指定考试(可选:{exams})或用 --scenario 指定场景。", "en": "Pick an exam with --exam ({exams}) or a scenario with --scenario."},
    # ---- history ----
    "hist.help": {
        "zh": "学习记录:历次对练和考试、成绩变化、最弱的评分维度和最常用错的禁用语",
        "en": "Progress: past drills and exams, scores over time, weakest dimensions and most frequent forbidden phrases",
    },
    "hist.opt.student": {
        "zh": "学号(默认:环境变量 KEFU_STUDENT,没有时是本机用户;共用班级数据库时用 KEFU_STUDENT 让对练记在自己名下)",
        "en": "Student id (default: KEFU_STUDENT, else this computer's user; on a shared class database set KEFU_STUDENT so drills are recorded under your id)",
    },
    "hist.title": {"zh": "学习记录", "en": "History"},
    "hist.empty": {"zh": "还没有记录。用 kefu drill 开始一次对练。", "en": "Nothing recorded yet. Start with kefu drill."},
    "hist.counts": {
        "zh": "共 {n} 次(对练 {drills},考试 {exams})· 最高 {best} · 平均 {avg}",
        "en": "{n} attempts ({drills} drills, {exams} exam scenarios) · best {best} · average {avg}",
    },
    "hist.over_time": {"zh": "成绩走势", "en": "Scores over time"},
    "hist.trend": {"zh": "近 5 次比之前 5 次", "en": "last 5 vs the 5 before"},
    "hist.recent": {"zh": "最近 {n} 次", "en": "Last {n}"},
    "hist.col.when": {"zh": "时间", "en": "When"},
    "hist.col.kind": {"zh": "类型", "en": "Kind"},
    "hist.col.what": {"zh": "考试 / 场景", "en": "Exam / scenario"},
    "hist.col.score": {"zh": "得分", "en": "Score"},
    "hist.col.outcome": {"zh": "结局", "en": "Outcome"},
    "hist.kind.drill": {"zh": "对练", "en": "drill"},
    "hist.kind.exam": {"zh": "考试", "en": "exam"},
    "hist.weakest": {"zh": "各维度平均分(最弱的在前)", "en": "Average by dimension (weakest first)"},
    "hist.forbidden": {"zh": "最常用错的说法", "en": "Most frequent forbidden wording"},
    "drill.not_recorded": {
        "zh": "对话记录已保存,但没能记入成绩库(kefu history 里暂时看不到):{why}",
        "en": "The transcript is saved, but it could not be recorded in the gradebook (kefu history will not show it): {why}",
    },
    "err.bad_freeze": {
        "zh": "--freeze 的值无效:{value}(可写分钟数、HH:MM 或 2026-06-01T10:30)",
        "en": "Invalid --freeze value: {value} (use MINUTES, HH:MM or 2026-06-01T10:30)",
    },
    # ---- service metrics (simulator/metrics.py) ----
    "metric.first_response": {"zh": "首次响应时间", "en": "First response"},
    "metric.avg_response": {"zh": "平均响应时间", "en": "Average response"},
    "metric.within_limit": {"zh": "响应达标率", "en": "Answered in time"},
    "metric.answer_ratio": {"zh": "答问比", "en": "Answer ratio"},
    "metric.conversion": {"zh": "询单转化率", "en": "Enquiry conversion"},
    "metric.order_value": {"zh": "客单价", "en": "Order value"},
    "metric.unit.seconds": {"zh": "(秒)", "en": " (s)"},
    "metric.unit.percent": {"zh": "(%)", "en": " (%)"},
    "metric.unit.yuan": {"zh": "(元)", "en": " (yuan)"},
    "metric.title": {"zh": "服务指标", "en": "Service metrics"},
    "metric.exam": {"zh": "全体", "en": "Everyone"},
    "metric.limit": {"zh": "达标 = {s} 秒内回复", "en": "in time = answered within {s} s"},
    "metric.orders": {"zh": "成交 {orders} / 询单 {sales}", "en": "{orders} orders / {sales} sales chats"},
    # ---- teacher review (kefu grades review) ----
    "grades.review.help": {
        "zh": "教师复核:逐条查看评分最没把握的回复,判定对错、写评语(立即重新评分)",
        "en": "Teacher review: go through the replies the judge was least sure of, correct it, leave comments (re-scored at once)",
    },
    "review.opt.decide": {
        "zh": "不进入界面,直接记录一个判定:wrong_flag:规则、forbidden:类型、did:要点、did_not:要点 或 comment",
        "en": "Record one decision without the screen: wrong_flag:RULE, forbidden:KIND, did:SLOT, did_not:SLOT or comment",
    },
    "review.opt.student": {"zh": "只看这个学生", "en": "Only this student"},
    "review.opt.scenario": {"zh": "回复所在的场景(配合 --decide)", "en": "The reply's scenario (with --decide)"},
    "review.opt.turn": {"zh": "第几条回复,从 1 数(配合 --decide)", "en": "Which reply, from 1 (with --decide)"},
    "review.opt.sitting": {"zh": "第几次考试(默认最后一次)", "en": "Which sitting (default: the last)"},
    "review.opt.reason": {"zh": "为什么这样判(评语:写给学生的话)", "en": "Why (for a comment: what the student reads)"},
    "review.opt.severity": {"zh": "禁用语的轻重:major(默认)或 soft", "en": "Forbidden severity: major (default) or soft"},
    "review.opt.phrase": {"zh": "指的是回复里的哪几个字(默认整条)", "en": "The words meant (default: the whole reply)"},
    "review.mark": {"zh": "教师复核:{reason}", "en": "Teacher's review: {reason}"},
    "review.title": {"zh": "教师复核 · {exam} · 第 {n}/{total} 条", "en": "Review · {exam} · {n} of {total}"},
    "review.empty": {"zh": "没有需要复核的回复。", "en": "Nothing to review."},
    "review.keys": {
        "zh": "↑↓ 选择  w 判定误报  f 判为禁用语  d 做到了  n 没做到  c 写评语  q 退出",
        "en": "↑↓ move  w wrong flag  f forbidden  d did  n did not  c comment  q quit",
    },
    "review.pick": {"zh": "选一项(数字),Esc 取消:", "en": "Pick one (number), Esc cancels:"},
    "review.ask_reason": {"zh": "原因(回车确认,Esc 取消):", "en": "Why (Enter records, Esc cancels):"},
    "review.ask_comment": {"zh": "给学生的评语(回车确认,Esc 取消):", "en": "Comment for the student (Enter records, Esc cancels):"},
    "review.recorded": {
        "zh": "已记录。{student} 本场景 {old} → {new},总评 {fold} → {fnew}",
        "en": "Recorded. {student}: scenario {old} → {new}, final {fold} → {fnew}",
    },
    "review.nothing_to_pick": {"zh": "这条回复没有可选的项", "en": "Nothing to pick on this reply"},
    "review.why": {"zh": "列出原因", "en": "Listed because"},
    "review.impact": {"zh": "对总评的影响:{points} 分", "en": "Effect on the final grade: {points} points"},
    "review.decisions": {"zh": "已有复核", "en": "Decisions so far"},
    "review.reason.near_miss": {"zh": "差一点做到(要点没算分)", "en": "near-miss (a point not counted)"},
    "review.reason.mentioned": {"zh": "只提到要点", "en": "point only mentioned"},
    "review.reason.soft": {"zh": "软性禁用语", "en": "soft flag"},
    "review.reason.negated": {"zh": "要点被否定", "en": "negated point"},
    "review.reason.questioned": {"zh": "要点是问句或条件", "en": "questioned or conditional point"},
    "review.reason.no_politeness": {"zh": "没有礼貌用语", "en": "no politeness"},
    "review.reason.reviewed": {"zh": "已复核", "en": "reviewed"},
    "review.reason.major": {"zh": "禁用语扣分", "en": "forbidden wording"},
    "review.reason.below_floor": {"zh": "低于底价", "en": "below the floor price"},
    "review.reason.slow": {"zh": "回复慢", "en": "slow"},
    "review.action.wrong_flag": {"zh": "误报", "en": "wrong flag"},
    "review.action.forbidden": {"zh": "判为禁用语", "en": "forbidden"},
    "review.action.did": {"zh": "做到了", "en": "did"},
    "review.action.did_not": {"zh": "没做到", "en": "did not"},
    "review.action.comment": {"zh": "评语", "en": "comment"},
    "review.col.turn": {"zh": "第几条回复", "en": "Reply"},
    "review.col.action": {"zh": "判定", "en": "Decision"},
    "review.col.target": {"zh": "对象", "en": "About"},
    "review.col.reply": {"zh": "学生回复", "en": "Reply text"},
    "review.section": {"zh": "教师复核", "en": "Teacher's review"},
    "review.needs_terminal": {
        "zh": "复核界面需要终端;脚本请用 --json 或 --decide",
        "en": "The review screen needs a terminal; scripts use --json or --decide",
    },
    "review.needs_reply": {
        "zh": "--decide 需要 --student、--scenario、--turn 和 --reason",
        "en": "--decide needs --student, --scenario, --turn and --reason",
    },
    "err.review_reason": {"zh": "复核必须写明原因(--reason)", "en": "A review decision needs a reason (--reason)"},
    "err.review_action": {
        "zh": "不认识的判定 {action}(可用:wrong_flag、forbidden、did、did_not、comment)",
        "en": "Unknown decision {action} (use wrong_flag, forbidden, did, did_not or comment)",
    },
    "err.review_no_flag": {"zh": "这条回复没有禁用语标记 {target}", "en": "This reply has no forbidden flag {target}"},
    "err.review_kind": {
        "zh": "禁用语类型 {target} 无效(insult、refusal、blame、impatience、violation、negative;轻重 major 或 soft)",
        "en": "Invalid forbidden kind {target} (insult, refusal, blame, impatience, violation, negative; severity major or soft)",
    },
    "err.review_slot": {"zh": "这个场景没有要点 {target}", "en": "This scenario has no point {target}"},
    "err.review_phrase": {"zh": "回复里没有「{phrase}」", "en": "The reply does not contain {phrase!r}"},
    "err.review_no_reply": {
        "zh": "{student} 在 {scenario} 的第 {turn} 条回复不在复核列表里",
        "en": "Reply {turn} of {student} in {scenario} is not in the review list",
    },
    # ---- live classroom (kefu serve / kefu join) ----
    "serve.help": {
        "zh": "在老师电脑上开课堂服务器:学生用 kefu join 加入,大屏看 /board,老师用 /teacher 管理考试。",
        "en": "Run the live classroom on the teacher's PC: students join with kefu join, the projector shows /board, the teacher runs exams from /teacher.",
    },
    "opt.serve_host": {
        "zh": "监听的地址:默认 0.0.0.0(整个局域网可连);只在本机用写 127.0.0.1",
        "en": "Address to listen on: 0.0.0.0 (default, the whole LAN) or 127.0.0.1 (this PC only)",
    },
    "opt.serve_port": {
        "zh": "端口(默认 8765)",
        "en": "Port (default 8765)",
    },
    "opt.serve_exam": {
        "zh": "可在课上开始的考试定义文件(可写多次)",
        "en": "An exam definition the teacher can start in class (repeatable)",
    },
    "opt.serve_untimed": {
        "zh": "不计回复速度(只记录时间,不给响应时间打分)",
        "en": "Do not score response time (times are still recorded)",
    },
    "opt.serve_json": {
        "zh": "启动后先输出一行 JSON(地址、课堂码、老师口令)",
        "en": "Print one JSON line first (address, class code, teacher token)",
    },
    "serve.cannot_bind": {
        "zh": "无法在 {host}:{port} 监听:{why}(端口被占用?换一个 --port)",
        "en": "Cannot listen on {host}:{port}: {why} (port in use? try another --port)",
    },
    "serve.ready": {
        "zh": "课堂服务器已启动:{url}",
        "en": "The classroom server is running: {url}",
    },
    "serve.join_as": {
        "zh": "学生加入:kefu join {url} --code {code} --student 学号 --name 姓名 --class 班级",
        "en": "Students join with: kefu join {url} --code {code} --student ID --name NAME --class CLASS",
    },
    "serve.board": {
        "zh": "大屏排行:{url}",
        "en": "Projector board: {url}",
    },
    "serve.teacher": {
        "zh": "老师页面(含口令,别投到大屏上):{url}",
        "en": "Teacher's page (carries the token; keep it off the projector): {url}",
    },
    "serve.judge": {
        "zh": "评委页面(老师给模拟专场打分,含口令):{url}",
        "en": "Judge view (the teacher scores the team match; carries the token): {url}",
    },
    "serve.stop": {
        "zh": "按 Ctrl-C 停止;已收到的回复都已存入成绩库。",
        "en": "Ctrl-C stops it; every reply received is already in the gradebook.",
    },
    "serve.lan_warning": {
        "zh": "正在监听本机所有网卡(端口 {port}):同一网络里知道课堂码的人都能加入。只在本机用请加 --host 127.0.0.1;Windows 弹出防火墙提示时请选“专用网络”并允许。",
        "en": "Listening on every network interface (port {port}): anyone on this network who knows the class code can join. Use --host 127.0.0.1 to keep it on this PC; when Windows asks about the firewall, allow it on private networks.",
    },
    "join.help": {
        "zh": "加入老师的课堂服务器(kefu serve):对练和考试都在服务器上评分、计时。",
        "en": "Join the teacher's classroom server (kefu serve): drills and exams are scored and timed by the server.",
    },
    "arg.join_url": {
        "zh": "老师电脑上显示的地址,如 http://192.168.1.20:8765",
        "en": "The address the teacher's PC shows, e.g. http://192.168.1.20:8765",
    },
    "opt.join_code": {
        "zh": "老师给的课堂码",
        "en": "The class code the teacher gives out",
    },
    "opt.join_replies": {
        "zh": "从文件读回复(每行一条;考试用 --- 分隔场景),不用键盘",
        "en": "Read replies from a file (one per line; exams: --- between scenarios) instead of the keyboard",
    },
    "live.retrying": {
        "zh": "连不上服务器({why}),正在重试……已发送的回复不会丢。",
        "en": "Cannot reach the server ({why}); retrying… nothing sent is lost.",
    },
    "live.paused": {
        "zh": "已暂停。已发送的回复都在服务器上,再运行同一条 kefu join 继续。",
        "en": "Paused. Everything sent is on the server; run the same kefu join again to continue.",
    },
    "live.exam_started": {
        "zh": "考试进行中:{title}。计时以服务器为准。",
        "en": "Exam in progress: {title}. The server keeps the time.",
    },
    "live.exam_ended": {
        "zh": "老师已结束考试,已发送的回复都已评分。",
        "en": "The teacher has ended the exam; every reply sent has been graded.",
    },
    "live.refused": {
        "zh": "服务器拒绝了请求(HTTP {status})",
        "en": "The server refused the request (HTTP {status})",
    },
    "live.bad_url": {
        "zh": "地址无效:{url}(应为 http://地址:端口)",
        "en": "Invalid address: {url} (expected http://HOST:PORT)",
    },
    "live.unreachable": {
        "zh": "连不上课堂服务器 {url}:{why}",
        "en": "Cannot reach the classroom server {url}: {why}",
    },
    "live.bad_code": {
        "zh": "课堂码不对,请看老师的大屏或问老师。",
        "en": "Wrong class code; check the teacher's screen.",
    },
    "live.bad_field": {
        "zh": "请求里的 {field} 无效",
        "en": "Invalid {field} in the request",
    },
    "live.id_taken": {
        "zh": "学号 {id} 已在别的电脑上加入;如果是你本人换了电脑,请老师在老师页面里释放这个学号。",
        "en": "Student id {id} has already joined from another PC; if that was you on another PC, ask the teacher to release the id.",
    },
    "live.not_joined": {
        "zh": "还没有加入课堂(或学号与密钥不符),请重新运行 kefu join。",
        "en": "Not joined (or id and key do not match); run kefu join again.",
    },
    "live.no_student": {
        "zh": "没有这个学生:{id}",
        "en": "No such student: {id}",
    },
    "live.no_exam": {
        "zh": "服务器上没有这场考试:{id}(用 kefu serve --exam 文件 加载)",
        "en": "No such exam on the server: {id} (load it with kefu serve --exam FILE)",
    },
    "live.exam_running": {
        "zh": "已经有一场考试在进行,请先结束它。",
        "en": "An exam is already running; end it first.",
    },
    "live.no_exam_running": {
        "zh": "现在没有进行中的考试。",
        "en": "No exam is running.",
    },
    "live.exam_done": {
        "zh": "你已经交卷了。",
        "en": "You have already handed in this exam.",
    },
    "live.no_scenario": {
        "zh": "服务器上没有这个场景:{id}",
        "en": "No such scenario on the server: {id}",
    },
    "live.no_conversation": {
        "zh": "没有这个对话(或不是你的)。",
        "en": "No such conversation (or not yours).",
    },
    "live.reply_too_long": {
        "zh": "回复太长(最多 {limit} 个字)",
        "en": "The reply is too long (at most {limit} characters)",
    },
    "live.stale": {
        "zh": "这一轮已经回复过了,已同步到最新。",
        "en": "That turn was already answered; synchronised.",
    },
    "live.too_big": {
        "zh": "请求太大(最多 {limit} 字节)",
        "en": "Request too large (at most {limit} bytes)",
    },
    "live.bad_json": {
        "zh": "请求不是有效的 JSON 对象",
        "en": "The request is not a valid JSON object",
    },
    "live.slow_down": {
        "zh": "请求太频繁,请稍后再试。",
        "en": "Too many requests; try again shortly.",
    },
    "live.locked_out": {
        "zh": "这台电脑输错课堂码(或密钥、老师口令)的次数太多,请 {wait} 秒后再试;课堂码看老师的大屏。",
        "en": "Too many wrong class codes (or keys, teacher tokens) from this PC; try again in {wait} s. The code is on the teacher's screen.",
    },
    "live.not_teacher": {
        "zh": "需要老师口令。",
        "en": "The teacher token is required.",
    },
    "live.unavailable": {
        "zh": "服务器暂时无法保存,请稍后重试。",
        "en": "The server cannot save right now; try again shortly.",
    },
    "live.not_found": {
        "zh": "没有这个页面。",
        "en": "No such page.",
    },
    "match.round": {
        "zh": "模拟专场 第 {round}/{rounds} 轮",
        "en": "Team match, round {round}/{rounds}",
    },
    "match.role.buyer": {
        "zh": "你扮演买家,对面的客服是 {partner}。",
        "en": "You play the buyer; the agent is {partner}.",
    },
    "match.role.agent": {
        "zh": "你当客服,买家由 {partner} 扮演;kefu 给你的每条回复打分,同学们也会投票。",
        "en": "You are the agent; {partner} plays the buyer. kefu scores each reply and classmates vote.",
    },
    "match.card.who": {
        "zh": "你是",
        "en": "You are",
    },
    "match.card.want": {
        "zh": "你想要",
        "en": "You want",
    },
    "match.card.keys": {
        "zh": "输入编号选一句(可以再改),或直接打字;输入 /end 结束对话。",
        "en": "Type a number to pick a line (then edit it) or type your own; /end ends the chat.",
    },
    "match.card.lines": {
        "zh": "可以用的话",
        "en": "Lines you can use",
    },
    "match.vote_prompt": {
        "zh": "给这条客服回复打分(1–5):",
        "en": "Score this agent reply (1-5):",
    },
    "match.final": {
        "zh": "模拟专场结果",
        "en": "Team match result",
    },
    "match.col.team": {
        "zh": "小组",
        "en": "Team",
    },
    "match.col.score": {
        "zh": "得分",
        "en": "Score",
    },
    "match.no_replies": {
        "zh": "模拟专场需要在终端里打字,不能用 --replies。",
        "en": "The team match is typed in a terminal; --replies is not available.",
    },
    "live.match_running": {
        "zh": "已经有一场模拟专场在进行。",
        "en": "A team match is already running.",
    },
    "live.no_match": {
        "zh": "现在没有进行中的模拟专场。",
        "en": "No team match is running.",
    },
    "live.match_no_pairs": {
        "zh": "{a} 和 {b} 还没有可以配对的组员(学生要带 --team 加入)。",
        "en": "{a} and {b} have no members to pair yet (students join with --team).",
    },
    "live.own_vote": {
        "zh": "不能给自己或本队队友的对话打分。",
        "en": "You cannot vote on your own or your team's conversations.",
    },
    "match.judge_link": {
        "zh": "也可以在浏览器里打分(地址含你的密钥,别发给别人):{url}",
        "en": "You can also judge in a browser (the address carries your key; keep it to yourself): {url}",
    },
    # ---- the judge view (/judge): the page fills in {n}, {id}, {round}, ... itself ----
    "page.judge.title": {"zh": "模拟专场 · 评委打分", "en": "Team match · judging"},
    "page.judge.who_teacher": {"zh": "评委:老师", "en": "Judge: the teacher"},
    "page.judge.who_student": {"zh": "评委:{id}", "en": "Judge: {id}"},
    "page.judge.round": {
        "zh": "第 {round} / {rounds} 轮 · {agents} 当客服",
        "en": "Round {round} of {rounds} · {agents} answer",
    },
    "page.judge.hint": {
        "zh": "给每位客服最新的一条回复打分:1 分最差,5 分最好。每条回复每人一票,可以改;不能给自己和本队打分。",
        "en": "Score each agent's newest reply: 1 is worst, 5 best. One vote per reply, which you may change; not for yourself or your team.",
    },
    "page.judge.turn": {"zh": "第 {n} 句", "en": "reply {n}"},
    "page.judge.buyer": {"zh": "买家", "en": "Buyer"},
    "page.judge.agent": {"zh": "客服回复", "en": "Agent's reply"},
    "page.judge.silence": {"zh": "(沉默)", "en": "(silence)"},
    "page.judge.score_n": {"zh": "{n} 分", "en": "{n} points"},
    "page.judge.voted": {"zh": "已打 {n} 分,可以改", "en": "You gave {n}; you may change it"},
    "page.judge.no_match": {"zh": "现在没有进行中的模拟专场。", "en": "No team match is running."},
    "page.judge.nothing": {
        "zh": "现在没有你可以打分的回复:等客服回复,或者这一轮是你或你的小组在答。",
        "en": "Nothing for you to score now: wait for the agents, or this round it is you or your team answering.",
    },
    "page.judge.no_credentials": {
        "zh": "地址里缺少评委凭据,请用 kefu join 或 kefu serve 显示的完整地址。",
        "en": "The address has no judge credentials; use the full address kefu join or kefu serve shows.",
    },
    # ---- kefu lexicon overlay --from-reviews ----
    "lexicon.help": {"zh": "词库:把教师复核变成班级词库补丁", "en": "Lexicon: turn teacher reviews into a class overlay"},
    "lexicon.overlay.help": {
        "zh": "根据一场考试的教师复核写出词库补丁(overlay),下次考试自动按老师的判定评分",
        "en": "Write a lexicon overlay from an exam's review decisions, so the next exam scores them the teacher's way",
    },
    "lexicon.opt.from_reviews": {"zh": "用这场考试的复核判定", "en": "Use this exam's review decisions"},
    "lexicon.opt.out": {"zh": "写到这个 YAML 文件", "en": "Write to this YAML file"},
    "overlay.suggestion": {"zh": "换一种礼貌、积极的说法(教师复核)", "en": "Say it politely and positively (teacher's review)"},
    "overlay.header": {
        "zh": "由 kefu lexicon overlay --from-reviews {exam} 生成({at}),来自 {n} 条教师复核",
        "en": "Made by kefu lexicon overlay --from-reviews {exam} ({at}) from {n} review decisions",
    },
    "overlay.invalid": {"zh": "复核判定写成的规则没有通过检查:{why}", "en": "The rules made from the reviews do not pass their checks: {why}"},
    "overlay.written": {"zh": "已写入 {file}:{rules} 条规则,来自 {n} 条复核", "en": "Wrote {file}: {rules} rules from {n} decisions",
                        "en_one": "Wrote {file}: {rules} rules from {n} decision"},
    "overlay.conflicts": {"zh": "互相矛盾的复核(都没有写入,请先统一):", "en": "Conflicting decisions (left out; settle them first):"},
    "overlay.skipped": {"zh": "没有写入词库的复核:", "en": "Decisions not in the overlay:"},
    "overlay.not_reproduced": {"zh": "补丁没能重现的复核:", "en": "Decisions the overlay does not reproduce:"},
    "overlay.skip_point": {"zh": "做到 / 没做到某个要点属于场景,不属于词库", "en": "did / did not is about a scenario's points, not wording"},
    "overlay.skip_agrees": {"zh": "现在的词库已经不再标记这条", "en": "the lexicon no longer flags this"},
    "overlay.conflict_cleared": {"zh": "一条判为禁用语,另一条判为误报,说的是同样的话", "en": "the same words judged forbidden in one and cleared in another"},
    "overlay.conflict_kind": {"zh": "同样的话判成了不同的类型或轻重", "en": "the same words judged a different kind or severity"},
    # ---- 错题本 (kefu practice) ----
    "practice.help": {
        "zh": "错题本:重写自己丢分最多的回复,当场评分;隔天再写对一次就出本",
        "en": "Mistake book: rewrite your own replies that lost the most points, scored at once; two good days and an item leaves",
    },
    "practice.opt.replies": {"zh": "从文件读重写(一行一条,- 为标准输入),不进入交互", "en": "Read the rewrites from a file (one a line, - for stdin)"},
    "practice.opt.limit": {"zh": "这次最多练几条", "en": "At most this many items now"},
    "practice.needs_terminal": {"zh": "错题本练习需要终端;脚本请用 --replies", "en": "Practice needs a terminal; scripts use --replies"},
    "practice.title": {"zh": "错题本", "en": "Mistake book"},
    "practice.intro": {"zh": "今天要练 {n} 条(新加入 {added} 条)。", "en": "{n} to practise today ({added} new)."},
    "practice.old": {"zh": "当时的回复", "en": "Your reply then"},
    "practice.good": {"zh": "写对了(已有 {days} 天写对;不同的两天写对就出本)", "en": "Good ({days} good day(s); two different days and it leaves the book)"},
    "practice.done": {"zh": "写对了,这条出本了!", "en": "Good: this one leaves the book!"},
    "practice.todo": {"zh": "还没练:运行 kefu practice 重写这一条", "en": "Not practised yet: rewrite it with kefu practice"},
    "practice.again": {"zh": "还有问题:{rules}", "en": "Still wrong: {rules}"},
    "practice.summary": {"zh": "写对 {good}/{n} 条;错题本里还有 {left} 条。", "en": "{good} of {n} good; {left} left in the book."},
    "practice.section": {"zh": "错题本", "en": "Mistake book"},
    "practice.section_note": {"zh": "这场考试里加入错题本的回复(kefu practice 练习)", "en": "Replies from this exam in the mistake book (practise with kefu practice)"},
}
