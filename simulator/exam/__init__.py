"""Exams: definitions (YAML), taking one (result files), collecting and regrading results,
and the grade sheet. Library code: nothing here prints; ``simulator.commands.exam`` and
``simulator.commands.grades`` are the CLI over it.
"""

from .definition import TEMPLATE, Exam, load_exam, parse_exam_text, valid_id
from .gradesheet import grade_sheet
from .grading import FileReport, Move, collect, import_document, regrade
from .results import ResultFileError, StudentInfo, read_result, result_path, tidy
from .take import Clock, ExamRun, split_replies

__all__ = [
    "TEMPLATE", "Clock", "Exam", "ExamRun", "FileReport", "Move", "ResultFileError",
    "StudentInfo", "collect", "grade_sheet", "import_document", "load_exam", "parse_exam_text", "read_result",
    "regrade", "result_path", "split_replies", "tidy", "valid_id",
]
