"""Word tables of the extractor: units, unit nouns, multipliers, qualifiers and the words that rule a number out."""

import re

# Vietnamese digits: "." groups thousands, "," marks decimals.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
MULTIPLIER = r"nghìn|ngàn|triệu|tỷ|tỉ"

# Words after a number (lower case, longest first within a row) → (unit, factor): a unit of indicators/domain/codes.py
# UNITS (tấn/tạ become kg, metres km, ý kiến counts opinions), or None: not an observation.
_PERSON_NOUNS = (
    "người lao động|người có uy tín|người|cán bộ|đảng viên|công chức|viên chức|cá nhân|hội viên|đoàn viên|"
    "thành viên|thí sinh|học sinh|sinh viên|trẻ em|em|cháu|công dân|đại biểu|thanh niên|phụ nữ|chị em|chiến sĩ|"
    "bí thư|nông dân|giáo viên|y bác sĩ|bác sĩ|lao động|cựu chiến binh|tình nguyện viên|đồng chí|nhà hảo tâm|"
    "doanh nhân|nghệ nhân|già làng|cụ|học viên|công nhân|người dân|tác giả|vận động viên"
)
UNIT_WORDS: list[tuple[str, str | None, float]] = [
    (r"%|phần trăm", "percent", 1),
    (r"đồng|vnđ|vnd|đ(?![\w])", "vnd", 1),
    (r"m2|m²|mét vuông", "m2", 1),
    (r"ha|héc[- ]?ta|hecta", "ha", 1),
    (r"km|ki-lô-mét|cây số", "km", 1),
    (r"kg|ki-lô-gam|ký", "kg", 1),
    (r"tấn", "kg", 1000),
    (r"tạ", "kg", 100),
    (r"mét|m", "km", 0.001),
    (r"ngày công|công lao động", "workday", 1),
    (r"lượt (?:xem|tải|truy cập|like|thích|chia sẻ|bình luận|share|view)", None, 0),
    (rf"lượt(?: (?:{_PERSON_NOUNS}))?", "person_turn", 1),
    (r"ý kiến", "opinion", 1),
    (r"hộ gia đình|hộ dân|hộ|gia đình", "household", 1),
    (r"nhà (?:máy|văn hóa|văn hoá|trường|báo|thờ|nước|xưởng|hàng)", "count", 1),
    (r"căn nhà|ngôi nhà|căn hộ|căn|nhà", "house", 1),
    (_PERSON_NOUNS, "person", 1),
    # Time spans, ages and anniversaries are periods or dates, never results.
    (r"năm|tháng|tuần|ngày|giờ|phút|giây|tuổi|quý|thế kỷ|thập kỷ|buổi sáng|buổi chiều", None, 0),
    # Enumerations of a text's own structure.
    (r"khâu|bước|phần(?=\s*:)|nội dung(?=\s*:)", None, 0),
]
UNIT_PATTERNS = [
    (re.compile(rf"[ \t\xa0]*(?:{words})" + ("" if unit in ("percent", "m2") else r"(?![\w])")), unit, factor)
    for words, unit, factor in UNIT_WORDS
]

# Nouns that head a phrase of two or more words; evidence keeps the whole phrase.
COMPOUND_NOUNS = re.compile(
    r"\s*(?:tập thể,? (?:và )?cá nhân|mô hình|tập thể|cá nhân|điển hình|gương điển hình|tấm gương|kế hoạch|"
    r"công trình|phần việc|chi hội|chi bộ|đảng bộ|tổ công tác|tổ bảo vệ|tổ kinh tế hợp tác|tổ dân phố|tổ đảng|"
    r"tổ chức đảng|tổ chức|cơ quan|đơn vị|hợp tác xã|tổ hợp tác|câu lạc bộ|cuộc đối thoại|"
    r"giải khuyến khích|giải nhất|giải nhì|giải ba|giải thưởng|chỉ tiêu|tiết mục|cây cầu|vụ việc|cơ sở hội|cơ sở|"
    r"hình ảnh|thông tin|nguồn tin|trường hợp|phần quà|suất quà|đột phá|cuộc thi|hội nghị|lớp học|nhà văn hóa|"
    r"đầu mối|sản phẩm|tác phẩm|bài viết|tin bài|câu chuyện|công trình phần việc)(?![\w])"
)

# Words that may follow a number without being its noun: the number then stands alone and is dropped.
_STOP_WORDS_TEXT = (
    "và với của là đã được có cho tại ở trong theo từ đến tới thì mà này đó nên để về vào ra lên sẽ đang cũng còn "
    "bị khi nhưng hay hoặc các những mỗi đạt tham gia so trên dưới hơn gần khoảng như nhất thứ lần nay qua sau "
    "trước rồi vừa thôi ạ nhé"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Qualifier words standing right before a number (matched at the end of the left context, closest word wins).
QUALIFIER_WORDS = {
    "at_least": "hơn|trên|ngoài|ít nhất|tối thiểu|không dưới|không ít hơn",
    # "khoảng hơn 132 tỷ": a combined hedge is approximate, whatever its second word.
    "approximately": ("khoảng hơn|khoảng gần|khoảng trên|gần|khoảng|xấp xỉ|chừng|ước|ước tính|ước đạt|trên dưới|tầm|"
                      "hơn kém"),
    "at_most": "tối đa|dưới|không quá|chưa đến|chưa tới|không vượt quá|nhiều nhất",
}
QUALIFIER_PATTERN = re.compile(
    r"(?<![\w])(" + "|".join(sorted("|".join(QUALIFIER_WORDS.values()).split("|"), key=len, reverse=True))
    + r")\s*(?:mỗi (?:ngày|tháng|năm|quý|người|hộ),?\s*)?$"
)
# "tối thiểu tiết kiệm 1.000 đồng": these unambiguous words may stand a few words before their number.
DISTANT_QUALIFIER_PATTERN = re.compile(r"(?<![\w])(tối thiểu|ít nhất|tối đa)(?:\s+[^\W\d_]+){1,3}\s*$")
QUALIFIER_OF_WORD = {word: q for q, words in QUALIFIER_WORDS.items() for word in words.split("|")}
TRAILING_QUALIFIERS = {"trở lên": "at_least", "trở xuống": "at_most"}

# Words right before a number that make it a name, an ordinal, a date or a document number.
LEFT_BLOCKERS = re.compile(
    r"(?<![\w])(?:(?<!tổng )số(?: hiệu)?|chỉ thị|chỉ chị|kết luận|nghị quyết|quyết định|kế hoạch|hướng dẫn|thông tư|"
    r"nghị định|công văn|thông báo|chương trình|đề án|văn bản|trung ương|thứ|khóa|khoá|hạng|lớp|ảnh|hình|phường|quận|"
    r"tổ|ấp|khu phố|khóm|thôn|bản|đội|khu vực|khu|báo danh|điểm|câu|bài|trang|mục|điều|khoản|phần|chương|tập|kỳ|"
    r"nhiệm kỳ|giai đoạn|hôm|sáng|chiều|tối|trưa|đêm|mùng|mồng|hàng|covid|quốc lộ|tỉnh lộ|đường|phòng|lô|km|"
    r"top|tuổi|lúc|(?<!mỗi )(?<!hằng )(?<!hàng )(?:năm|tháng|ngày|tuần))\s*:?\s*$"
)

# A line of page chrome (counters, ratings, bylines): every number on it is dropped.
CHROME_MARKERS = re.compile(
    r"lượt xem|lượt tải|truy cập|phiếu bầu|xếp hạng|intnum|gmt|cập nhật:|được đăng|ngày đăng|thời gian chờ|"
    r"tổng số điểm|đánh giá|hôm nay|tháng hiện tại|tháng trước|bình luận|đính kèm|lượt thích|views?\b|!\[",
    re.IGNORECASE,
)
CHROME_LINE_MAX = 160
