"""Every finding code the engine and the commands emit, with what it means and what to do.

One entry per code: the user guide's page of codes (docs/huong-dan/ma-loi.md) is generated from
this registry and from the Decree 30 linter's rule registry, and a test proves that every code
the sources emit is here, so the guide cannot miss one. Texts are for the commune officer: in
Vietnamese, in the words of the job, saying what to do rather than what went wrong inside.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    group: str  # one of GROUPS
    title: str  # what the finding says, in a few words
    fix: str  # what to do about it
    developer: bool = False  # only a developer (tests, git plumbing) meets it: kept out of the officer's page


GROUPS = {
    "so-lieu": "Số liệu không khớp (lệnh trả về mã thoát 1: văn bản không được tạo)",
    "dien": "Còn chỗ cần điền",
    "doi-chieu": "Đối chiếu với năm trước",
    "tep": "Tệp không đọc được (lệnh trả về mã thoát 2: không ghi gì)",
    "yaml": "Tệp kế hoạch YAML",
    "csv": "Bảng số liệu (tệp CSV hoặc trang của so-lieu.xlsx)",
    "noi-dung": "Nội dung kế hoạch",
    "van-ban-dan": "Văn bản được dẫn: ngày, số, ký hiệu",
    "mau": "Mẫu Word",
    "xa": "Nhiều xã, tổng hợp, gộp đơn vị",
    "lenh": "Tham số của lệnh",
    "git": "Git",
    "pdf": "LibreOffice, PDF",
    "the-thuc": "Thể thức văn bản (Nghị định 30/2020/NĐ-CP, Phụ lục I)",
    "thoi-diem": "Văn bản sau ngày 01/7/2025 (chính quyền địa phương hai cấp)",
    "xem-truoc": "Trang xem trước (invoke serve)",
}

_ENTRIES = [
    # ---- figures
    Code(
        "R001",
        "so-lieu",
        "Tỷ lệ ghi không bằng số hộ chia tổng số hộ",
        "Tính lại: tỷ lệ = số hộ / tổng số hộ × 100, làm tròn đến số chữ số thập phân đã ghi (chữ số bỏ đi từ 5 trở lên "
        "thì cộng thêm 1 vào chữ số cuối cùng giữ lại). "
        "Thông báo cho biết số đúng; nếu số ghi bị cắt bớt hoặc là tổng hai tỷ lệ đã làm tròn, thông báo cũng nói rõ.",
    ),
    Code(
        "R002",
        "so-lieu",
        "Mức giảm tỷ lệ không bằng hiệu hai tỷ lệ",
        "Ghi mức giảm = tỷ lệ đầu năm − tỷ lệ cuối năm (như văn bản ghi), hoặc xóa dòng đó để chương trình tự tính.",
    ),
    Code(
        "R003",
        "so-lieu",
        "«Giảm x %» là mức giảm tương đối của số hộ, không phải hiệu hai tỷ lệ (cảnh báo)",
        "Hiệu hai tỷ lệ tính bằng điểm phần trăm. Ghi rõ «số hộ nghèo giảm x %» (so với số hộ đầu kỳ) hoặc "
        "«tỷ lệ hộ nghèo giảm y điểm phần trăm»; thông báo cho biết cả hai cách tính.",
    ),
    Code(
        "T001",
        "so-lieu",
        "Tổng ghi không bằng tổng các dòng",
        "Sửa số tổng (hoặc dòng «Cộng») cho bằng tổng các đơn vị, hoặc xóa số tổng để chương trình tự cộng. "
        "Nếu tổng đúng thì một dòng đơn vị đang sai: kiểm tra lại từng dòng.",
    ),
    Code(
        "T002",
        "so-lieu",
        "Tổng chỉ tiêu giao các đơn vị thấp hơn chỉ tiêu cấp trên giao",
        "Chỉ tiêu cấp trên giao (chi_tieu_giao, ví dụ chỉ tiêu UBND tỉnh giao) phải được giao hết cho các đơn vị: "
        "tăng số dự kiến giảm của một số đơn vị trong bảng đơn vị (có thể giao cao hơn để phấn đấu vượt), "
        "hoặc sửa chi_tieu_giao nếu ghi nhầm.",
    ),
    Code(
        "I001",
        "so-lieu",
        "Số tính được ghi không đúng (ví dụ cuối năm không bằng đầu năm trừ số dự kiến giảm)",
        "Thông báo ghi phép tính với các số đã ghi (kế hoạch: cuối năm = đầu năm − dự kiến giảm; báo cáo: cuối kỳ = "
        "đầu năm − giảm + tăng). Sửa ô hoặc số được nêu, hoặc một số trong phép tính; để trống số tính được thì "
        "chương trình tự tính.",
    ),
    Code(
        "I002",
        "so-lieu",
        "Số cuối kỳ không bằng đầu kỳ − giảm + tăng",
        "Kiểm tra lại các số đầu kỳ, giảm, tăng (và các số chi tiết: thoát nghèo, giảm khác, tái nghèo, phát sinh mới… "
        "nếu có): thông báo ghi phép tính với các số đã ghi.",
    ),
    Code(
        "I003",
        "so-lieu",
        "Số chi tiết lớn hơn số tổng chứa nó",
        "Ví dụ số hộ nghèo lớn hơn tổng số hộ, số dự kiến giảm lớn hơn số hộ nghèo: sửa số bị ghi nhầm.",
    ),
    # ---- documents cited (K) and the 2025 reform in a document's content (V002–V004): engine/documents.py
    Code(
        "K001",
        "van-ban-dan",
        "Văn bản được dẫn có ngày sau ngày ban hành của chính văn bản",
        "Một văn bản chỉ căn cứ văn bản đã ban hành trước nó: thường là gõ nhầm năm (22/12/2024 thay cho 22/12/2023). "
        "Sửa ngày trong can_cu (hoặc trong đoạn văn được nêu).",
    ),
    Code(
        "K002",
        "van-ban-dan",
        "Cùng một văn bản được dẫn với ngày hoặc số khác nhau",
        "Tra lại văn bản gốc và ghi một ngày, một số duy nhất; dẫn văn bản ở mọi chỗ bằng cùng một khóa ${…} của can_cu.",
    ),
    Code(
        "K003",
        "van-ban-dan",
        "Số, ký hiệu văn bản được dẫn viết sai thể thức (cảnh báo)",
        "Nghị định 30 viết «số/LOẠI-CƠ QUAN» (04/QĐ-UBND, 55/NQ-HĐND), văn bản có năm «30/2020/NĐ-CP»; "
        "văn bản của Đảng viết «số-LOẠI/CƠ QUAN» (45-NQ/ĐU). Chữ in hoa, không có dấu cách.",
    ),
    Code(
        "V002",
        "thoi-diem",
        "Văn bản từ 01/7/2025 dẫn văn bản cấp huyện ban hành sau ngày đó",
        "Từ 01/7/2025 không còn cấp huyện: văn bản mới do UBND tỉnh, các sở ban hành. Kiểm tra lại cơ quan hoặc ngày "
        "(thường là phần chép lại từ kế hoạch năm trước).",
    ),
    Code(
        "V003",
        "thoi-diem",
        "Văn bản từ 01/7/2025 gửi hoặc báo cáo «UBND huyện»",
        "Xã báo cáo UBND tỉnh và các sở (Sở Nông nghiệp và Môi trường phụ trách giảm nghèo): sửa nơi nhận và đoạn văn được nêu.",
    ),
    Code(
        "V004",
        "thoi-diem",
        "Văn bản từ 01/7/2025 gọi xã bằng tên trước sáp nhập",
        "Dùng tên xã, phường sau sắp xếp (không còn thị trấn). Lỗi ở tên cơ quan ban hành; cảnh báo ở đoạn văn, vì đoạn "
        "đó có thể nói về thời gian trước sáp nhập.",
    ),
    # ---- still to fill
    Code(
        "P001",
        "dien",
        "Còn số liệu hoặc ngày tháng chưa điền",
        "Điền giá trị vào chỗ được nêu (tệp, dòng, trường). Khi soạn thảo có thể tạo bản DỰ THẢO bằng "
        "«invoke build --year … --draft»: chỗ chưa điền hiện là «…».",
    ),
    # ---- across years
    Code(
        "X000",
        "doi-chieu",
        "Không đối chiếu được với năm trước",
        "Văn bản năm trước đang có lỗi (thông báo nêu tệp): chạy «invoke check --year <năm trước>» (với báo cáo kết "
        "quả: thêm «--kind bao-cao») và sửa các lỗi đó.",
    ),
    Code(
        "X001",
        "doi-chieu",
        "Số liệu năm trước ghi khác kế hoạch năm trước",
        "Số đầu năm trước phải đúng như kế hoạch năm trước đã ghi: sửa cho khớp, hoặc sửa kế hoạch năm trước nếu nó sai.",
    ),
    Code(
        "X003",
        "doi-chieu",
        "Số đầu năm của một đơn vị trong báo cáo khác kế hoạch",
        "Báo cáo phải bắt đầu từ số hộ nghèo mà kế hoạch năm đó đã ghi; thông báo nêu cả hai tệp: sửa bên ghi nhầm.",
    ),
    Code(
        "X004",
        "doi-chieu",
        "Đơn vị có trong báo cáo mà không có trong kế hoạch (hoặc ngược lại)",
        "Ghi tên đơn vị trong báo cáo đúng như trong kế hoạch; đơn vị mới hay bị gộp thì sửa cả kế hoạch.",
    ),
    Code(
        "X006",
        "doi-chieu",
        "Báo cáo không có kết quả từng đơn vị nên chưa đối chiếu với chỉ tiêu từng đơn vị (cảnh báo)",
        "Điền bảng kết quả từng đơn vị (data/<năm>/ket_qua.csv) nếu có số liệu; số liệu toàn xã vẫn được kiểm tra.",
    ),
    Code(
        "X002",
        "doi-chieu",
        "(cảnh báo) Số đầu năm của đơn vị khác số cuối năm trước, hoặc đơn vị mới, đơn vị không còn",
        "Chỉ là cảnh báo. Số đầu năm được so với số thực hiện cuối năm trước trong báo cáo kết quả (khi chưa có báo "
        "cáo: số dự kiến của kế hoạch năm trước); kết quả rà soát có thể khác, xem lại nếu không có lý do. Đơn vị "
        "được gộp hoặc đổi tên thì ghi vào tệp gộp đơn vị của năm (xem trang «Nhiều xã» của Hướng dẫn).",
    ),
    # ---- the 2025 reform
    Code(
        "V001",
        "thoi-diem",
        "(cảnh báo) Văn bản ban hành từ ngày 01/7/2025 còn cụm từ của thời cấp huyện",
        "Báo khi kiểm tra văn bản có ngày ban hành từ 01/7/2025 (văn bản chưa ghi ngày: từ năm 2026) và khi tạo văn bản năm mới. "
        "Từ 01/7/2025 không còn cấp huyện, không còn thị trấn; giảm nghèo do ngành Nông nghiệp và Môi trường "
        "phụ trách; từ năm 2026 Chương trình mục tiêu quốc gia giảm nghèo bền vững được gộp vào Chương trình "
        "mục tiêu quốc gia giai đoạn 2026 - 2035. Viết lại câu được nêu (thông báo gợi ý cách viết), ví dụ "
        "«chỉ tiêu UBND huyện giao» thành «chỉ tiêu UBND tỉnh giao», «công chức LĐTBXH» thành «công chức được "
        "giao phụ trách công tác giảm nghèo», tên thị trấn cũ thành tên xã sau sắp xếp.",
    ),
    Code(
        "X005",
        "doi-chieu",
        "(ghi chú) Chuẩn nghèo của năm này khác năm trước",
        "Không phải lỗi: số đầu năm là kết quả rà soát theo chuẩn nghèo mới (từ năm 2027: Nghị định "
        "351/2025/NĐ-CP), nên không so với số cuối năm trước. Nêu rõ chuẩn nghèo trong văn bản (${chuan_ngheo}).",
    ),
    # ---- files
    Code("F001", "tep", "Không tìm thấy tệp", "Kiểm tra tên thư mục và tên tệp (ví dụ data/2024/don_vi.csv)."),
    Code(
        "F002",
        "tep",
        "Không đọc được tệp",
        "Đóng tệp nếu đang mở trong Excel hoặc Word rồi chạy lại lệnh; kiểm tra quyền đọc tệp.",
    ),
    Code(
        "F003",
        "tep",
        "Tệp không phải mã UTF-8",
        "Trong Excel chọn File → Save As → «CSV UTF-8 (Comma delimited)»; trong Notepad chọn Encoding: UTF-8.",
    ),
    Code(
        "F004",
        "tep",
        "Tệp gõ bằng bảng mã cũ (TCVN3, VNI)",
        "Chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu lại dạng UTF-8.",
    ),
    Code(
        "F005",
        "tep",
        "Bảng tính Excel bị đổi tên thành .csv",
        "Giữ bảng tính dưới tên so-lieu.xlsx (mỗi bảng một trang, tên trang là tên bảng), "
        "hoặc trong Excel chọn File → Save As → «CSV UTF-8».",
    ),
    Code(
        "F010",
        "tep",
        "Tệp vượt giới hạn an toàn (quá lớn, lồng quá sâu, quá nhiều bí danh, dòng hoặc phần tử)",
        "Thông báo nói rõ giới hạn nào và cách sửa. Tệp thật của một xã luôn nằm xa dưới các giới hạn này "
        "(kế hoạch vài KB, bảng vài chục dòng, văn bản Word vài trăm KB): hãy kiểm tra đã chọn đúng tệp, "
        "bỏ neo «&» và bí danh «*» trong YAML, hoặc tách tệp thành nhiều tệp nhỏ.",
    ),
    Code(
        "F011",
        "tep",
        "Không ghi được tệp kết quả",
        "Thông báo nói rõ vì sao: ổ đĩa đầy (giải phóng chỗ trống), một thư mục hoặc tệp trùng tên đang chắn chỗ "
        "(xóa hoặc đổi tên nó), tệp đang mở trong Word (đóng lại), hoặc không có quyền ghi. Bản cũ (nếu có) đã được "
        "chuyển sang tên «.cu» để không bị dùng nhầm.",
    ),
    Code(
        "F012",
        "tep",
        "(cảnh báo) Kết quả lần trước đã được chuyển sang tên «.cu»",
        "Lần chạy này không tạo được kết quả mới (lỗi nêu ngay trên), nên bản cũ, không còn khớp với dữ liệu, được "
        "đổi tên thành «….cu.…» để không bị dùng nhầm. Sửa lỗi rồi chạy lại; có thể xóa các tệp «.cu».",
    ),
    # ---- YAML
    Code(
        "Y001",
        "yaml",
        "Lỗi cú pháp YAML",
        "Xem dòng được nêu: thường là thiếu dấu hai chấm, thụt lề bằng phím Tab (hãy dùng dấu cách) hoặc thiếu dấu nháy.",
    ),
    Code(
        "Y002",
        "yaml",
        "Khóa không phải là một tên đơn giản",
        "Mỗi khóa là một tên viết liền như ho_ngheo, không phải danh sách hay bảng.",
    ),
    Code("Y003", "yaml", "Khóa bị ghi hai lần", "Xóa một trong hai dòng: chỉ giữ số liệu đúng."),
    Code("Y004", "yaml", "Thẻ YAML không được phép", "Xóa thẻ bắt đầu bằng «!!»: tệp kế hoạch chỉ chứa chữ, số và ngày."),
    Code("Y005", "yaml", "Số viết không hợp lệ", "Viết số bằng chữ số thường (2881, hoặc «1,21» trong dấu nháy cho tỷ lệ)."),
    # ---- CSV
    Code("C001", "csv", "Bảng trống", "Mở tệp bằng Excel và điền dòng tiêu đề cùng các đơn vị."),
    Code("C002", "csv", "Bảng sai định dạng CSV", "Lưu lại từ Excel dạng «CSV UTF-8»; đừng sửa tệp CSV bằng Word."),
    Code("C003", "csv", "Dòng trống giữa bảng", "Xóa dòng trống, hoặc điền lại số liệu của đơn vị bị xóa nhầm."),
    Code("C010", "csv", "Cột không có trong mẫu", "Sửa tên cột cho đúng (thông báo gợi ý tên gần nhất) hoặc xóa cột đó."),
    Code("C011", "csv", "Thiếu cột", "Thêm cột được nêu vào dòng tiêu đề."),
    Code("C012", "csv", "Cột bị lặp lại", "Xóa một trong hai cột trùng tên."),
    Code(
        "C013",
        "csv",
        "Dòng có nhiều ô hơn tiêu đề",
        "Thường do dấu phẩy thập phân trong tệp phân cách bằng dấu phẩy: lưu lại từ Excel dạng «CSV UTF-8», "
        "hoặc viết số thập phân bằng dấu chấm.",
    ),
    Code("C014", "csv", "Dòng «Cộng» không ở cuối bảng", "Chuyển dòng «Cộng» xuống cuối cùng."),
    Code(
        "C015",
        "csv",
        "Một đơn vị ghi hai lần",
        "Xóa dòng trùng hoặc sửa tên đơn vị. Hai tên chỉ khác nhau ở dấu cách (hai dấu cách, dấu cách không ngắt) "
        "hoặc ký tự không nhìn thấy được là cùng một đơn vị.",
    ),
    Code(
        "C005", "csv", "Ô chứa ký tự điều khiển", "Gõ lại ô được nêu; ký tự đó không nhìn thấy được và không được bỏ qua âm thầm."
    ),
    Code("C016", "csv", "Bảng chưa có đơn vị nào", "Thêm ít nhất một đơn vị dưới dòng tiêu đề."),
    Code(
        "C004",
        "csv",
        "Một bảng có cả tệp CSV và trang trong so-lieu.xlsx",
        "Giữ một nơi: xóa tệp CSV hoặc xóa trang cùng tên trong so-lieu.xlsx (thông báo nêu cả hai).",
    ),
    Code(
        "C030",
        "csv",
        "Bảng tính không đọc được hoặc quá giới hạn",
        "Mở bằng Excel hoặc LibreOffice Calc, lưu lại dạng «Excel Workbook (.xlsx)»; bảng quá lớn thì tách ra.",
    ),
    Code(
        "C031",
        "csv",
        "Ô công thức chưa có giá trị đã tính",
        "Tệp được lưu bởi một chương trình không tính công thức: mở bằng Excel hoặc LibreOffice Calc rồi lưu lại.",
    ),
    Code(
        "C032",
        "csv",
        "Ô bảng tính không phải số hay chữ (ngày tháng, đúng/sai, lỗi #DIV/0!…)",
        "Đổi định dạng ô thành Number (Format Cells) rồi gõ lại số; sửa công thức báo lỗi.",
    ),
    Code(
        "C033",
        "csv",
        "Số trong ô khác số hiển thị",
        "Ô đang chứa nhiều chữ số thập phân hơn định dạng hiển thị: gõ lại đúng số, hoặc đổi định dạng để hiện đủ.",
    ),
    Code("C035", "csv", "Dòng hoặc cột bị ẩn có số liệu", "Hiện dòng, cột (Unhide) để xem lại; xóa nếu không dùng."),
    Code(
        "C036",
        "csv",
        "Ô gộp trong bảng",
        "Bỏ gộp ô (Merge & Center → Unmerge); tiêu đề chung ghi ở dòng phía trên dòng tiêu đề cột.",
    ),
    Code("C020", "csv", "Ô sai kiểu", "Ô số chỉ ghi chữ số (không ghi «hộ», không ghi chữ); tỷ lệ ghi như 1,21 hoặc 1.21."),
    Code("C021", "csv", "Số hộ nghèo lớn hơn tổng số hộ", "Sửa một trong hai ô của đơn vị được nêu."),
    # ---- plan content
    Code(
        "S001",
        "noi-dung",
        "Trường sai kiểu, thiếu, âm hoặc không có trong mẫu",
        "Sửa theo thông báo: thông báo nêu tên trường, ý nghĩa và gợi ý tên đúng khi gõ nhầm.",
    ),
    Code("S010", "noi-dung", "${…} dùng một tên chưa có", "Sửa tên cho đúng (xem gợi ý) hoặc thêm số liệu đó vào so_lieu."),
    Code("S011", "noi-dung", "Bảng không có", "Chỉ đặt những bảng đã khai báo: thông báo liệt kê các bảng có."),
    Code("S012", "noi-dung", "Một bảng đặt hai lần", "Xóa một dòng «bang: …»."),
    Code("S013", "noi-dung", "Số hộ lớn hơn tổng số hộ", "Sửa số được nêu trong so_lieu."),
    Code(
        "S020",
        "noi-dung",
        "Năm ghi trong tệp khác tên tệp",
        "Sửa dòng «nam:» cho đúng với tên tệp (plans/2024.yaml ghi nam: 2024).",
    ),
    Code(
        "D010",
        "mau",
        "Tệp khai báo bảng, số liệu (templates/<loại>.yaml) viết sai",
        "Sửa dòng được nêu: công thức dùng cột chưa khai báo, công thức vòng quanh, tỷ lệ thiếu mẫu số, kiểu không "
        "hợp lệ… Bảng và số liệu riêng của xã khai báo ở templates/ke-hoach.rieng.yaml (xem trang «Thêm bảng và số liệu riêng của xã» của Hướng dẫn).",
    ),
    # ---- template
    Code(
        "M001", "mau", "Mẫu Word dùng một biến dữ liệu không có", "Sửa mẫu trong Word (hoặc tạo lại mẫu), hoặc thêm số liệu đó."
    ),
    Code("M002", "mau", "Mẫu Word có thẻ sai cú pháp", "Mở mẫu trong Word và sửa thẻ {{ … }} hoặc {% … %} ở dòng được nêu."),
    Code("M003", "mau", "Mẫu không phải tệp .docx", "Lưu mẫu bằng Word dạng «Word Document (*.docx)»."),
    Code(
        "M004",
        "mau",
        "Mẫu còn chú thích, theo dõi thay đổi hoặc chữ ẩn",
        "Trong Word, thẻ Xem lại (bản tiếng Anh: Review) → Chấp nhận tất cả thay đổi (Accept All Changes); xóa chú "
        "thích và chữ ẩn rồi lưu lại.",
    ),
    # ---- communes, the province summary, merged units
    Code(
        "D001",
        "xa",
        "(cảnh báo) Có tệp trong plans/ không được đọc",
        "Kế hoạch phải ở plans/<năm>.yaml hoặc plans/<mã xã>/<năm>.yaml; thiết lập của xã ở plans/<mã xã>/xa.yaml; "
        "bản tổng hợp ở plans/tong-hop/<năm>.yaml. Đổi tên hoặc chuyển tệp cho đúng chỗ.",
    ),
    Code(
        "H002",
        "xa",
        "(cảnh báo) Chỉ một số xã có báo cáo kết quả",
        "Cột «đạt % kế hoạch» chỉ tính cho các xã đã có báo cáo; nhắc các xã còn lại gửi báo cáo.",
    ),
    Code(
        "H003",
        "xa",
        "(cảnh báo) Loại của một xã không có vào ngày của bản tổng hợp",
        "Từ 01/7/2025 không còn thị trấn (chỉ có xã, phường, đặc khu): ghi tên và loại của xã sau sắp xếp vào "
        "plans/<mã xã>/xa.yaml (xa.ten, xa.loai); hoặc sửa ngày của bản tổng hợp nếu ghi nhầm.",
    ),
    Code("U001", "xa", "Tệp gộp đơn vị viết sai", "Mỗi dòng ghi «đơn vị mới: [đơn vị cũ, …]»; mỗi đơn vị cũ chỉ gộp một lần."),
    Code(
        "U002", "xa", "Đơn vị cũ trong tệp gộp không có trong bảng năm trước", "Sửa tên đơn vị cho đúng như trong bảng năm trước."
    ),
    Code(
        "U003",
        "xa",
        "Đơn vị không có trong danh sách đơn vị của xã",
        "Ghi tên đơn vị đúng như mục xa.don_vi của plans/<mã xã>/xa.yaml (thông báo gợi ý tên gần nhất); "
        "đơn vị mới thì thêm vào danh sách đó.",
    ),
    # ---- command arguments
    Code("A001", "lenh", "Năm không hợp lệ hoặc chưa có", "Ghi năm bằng 4 chữ số; thông báo liệt kê các năm đang có."),
    Code("A002", "lenh", "Năm mới đã có", "Không ghi đè: sửa trực tiếp các tệp của năm đó."),
    Code("A003", "lenh", "Chưa có năm trước làm căn cứ", "Tạo hoặc nhập kế hoạch năm trước trước đã."),
    Code("A004", "lenh", "Không có năm nào trước để so sánh", "Ghi rõ --from, hoặc tạo kế hoạch năm trước."),
    Code("A005", "lenh", "Hai năm so sánh trùng nhau", "Chọn hai năm khác nhau."),
    Code(
        "A010",
        "lenh",
        "Chưa có kế hoạch của năm cần báo cáo",
        "Báo cáo kết quả được đối chiếu với kế hoạch cùng năm: tạo hoặc nhập kế hoạch năm đó trước. Báo cáo nhập "
        "từ Word khi chưa có kế hoạch vẫn được kiểm tra trên số liệu của chính nó (cảnh báo).",
    ),
    Code("A011", "lenh", "Kỳ báo cáo không có", "Ghi --ky ca-nam (cuối năm, mặc định) hoặc --ky 6-thang (sơ kết 6 tháng)."),
    Code(
        "A012",
        "lenh",
        "Loại văn bản không có",
        "Ghi một loại trong danh sách thông báo nêu: --kind ke-hoach (mặc định), --kind bao-cao, hoặc loại xã tự khai "
        "báo ở templates/<loại>.yaml.",
    ),
    Code(
        "A014",
        "lenh",
        "Giá trị tham số không hợp lệ",
        "Ghi giá trị trong khoảng hoặc danh sách mà thông báo nêu, ví dụ --resolution 80.",
    ),
    Code(
        "A013",
        "lenh",
        "Báo cáo kết quả còn lỗi nên chưa dùng được",
        "Chạy «invoke check --year <năm> --kind bao-cao», sửa các lỗi, rồi chạy lại lệnh (năm mới, tổng hợp).",
    ),
    Code(
        "A006",
        "lenh",
        "Mã xã không hợp lệ, chưa có, hoặc cần ghi --commune",
        "Mã xã viết thường, không dấu, nối bằng gạch ngang (giao-hieu); khi kho có nhiều xã, ghi --commune <mã xã> "
        "(thông báo liệt kê các xã đang có).",
    ),
    Code(
        "A007",
        "lenh",
        "Thiếu tên xã, tên tỉnh, hoặc loại không hợp lệ",
        'Ghi --ten "Xã Giáo Hiệu" và --tinh "Thanh Hóa" (khi kho chưa có bản tổng hợp ghi tên tỉnh); --loai là xã, '
        "phường hoặc đặc khu (thị trấn chỉ dùng cho năm trước 2026: từ 01/7/2025 không còn thị trấn).",
    ),
    Code("A008", "lenh", "Xã đã có", "Không ghi đè: sửa trực tiếp các tệp của xã đó."),
    Code(
        "A009",
        "lenh",
        "Không thêm được trang vào bảng tính của năm (--excel)",
        "Trang đã có thì sửa trực tiếp trang đó; bảng tính có biểu đồ, hình ảnh, macro… thì chạy lại không có --excel "
        "(ghi tệp CSV), vì ghi lại tệp sẽ làm mất những thứ đó.",
    ),
    # ---- the live preview (invoke serve)
    Code(
        "W001",
        "xem-truoc",
        "Trang xem trước chỉ mở trên chính máy này",
        "Bỏ --host, hoặc nếu thật sự cần cho máy khác trong mạng xem, thêm --allow-remote.",
    ),
    Code("W002", "xem-truoc", "Không có văn bản nào để xem trước", "Bỏ bớt --commune, --year, --kind, hoặc tạo văn bản trước."),
    Code("W003", "xem-truoc", "Cổng không hợp lệ hoặc đang bận", "Chọn cổng khác: invoke serve --port 8080."),
    # ---- git
    Code("G001", "git", "Chưa cài git", "Cài Git for Windows (hoặc «apt-get install git»)."),
    Code(
        "G002",
        "git",
        "Phiên bản git không hợp lệ",
        "Kiểm tra tên phiên bản, ví dụ HEAD~1 (xem «git log --oneline»).",
        developer=True,
    ),
    Code("G003", "git", "Tệp không có ở phiên bản đó", "Chọn một phiên bản có kế hoạch năm đó."),
    Code("G004", "git", "Không ghi được cấu hình git", "Chạy lệnh trong thư mục dự án (có thư mục .git) và kiểm tra quyền ghi."),
    # ---- LibreOffice
    Code(
        "E001",
        "pdf",
        "Chưa cài LibreOffice hoặc poppler",
        "Cài LibreOffice (trên Windows: bản cài đặt từ trang LibreOffice); thông báo ghi lệnh cài trên Linux.",
    ),
    Code("E002", "pdf", "Không chuyển được sang PDF", "Tạo lại văn bản rồi chạy lại; đóng tệp nếu đang mở trong Word."),
    Code("E003", "pdf", "LibreOffice chạy quá lâu nên bị dừng", "Chạy lại; nếu vẫn lỗi, đóng các cửa sổ LibreOffice đang treo."),
    Code("E004", "pdf", "Không vẽ được ảnh trang", "Kiểm tra đã cài poppler (pdftoppm)."),
    Code(
        "E005",
        "pdf",
        "Không tìm thấy Python có UNO của LibreOffice",
        "Chỉ dùng khi kiểm thử bản Word có đánh dấu thay đổi: cài python3-uno (Linux) hoặc LibreOffice bản đầy đủ.",
        developer=True,
    ),
    # ---- linter input
    Code(
        "L001",
        "the-thuc",
        "Không mở được tệp để kiểm tra thể thức",
        "Thông báo nêu nguyên nhân: tệp .doc cũ (mở bằng Word, lưu dạng .docx), tệp có mật khẩu, tệp hỏng, hoặc không phải tệp Word.",
    ),
    Code(
        "L002",
        "the-thuc",
        "Không đọc được bố cục văn bản",
        "Lưu lại tệp bằng Word rồi kiểm tra lại; nếu vẫn lỗi, gửi tệp cho người phụ trách.",
    ),
    Code(
        "L003",
        "the-thuc",
        "Mã quy tắc trong --select/--ignore không có",
        "Ghi mã hoặc đầu mã có thật, ví dụ L1, L112 (thông báo liệt kê các mã).",
    ),
    Code(
        "L004",
        "the-thuc",
        "Không đọc lại được bản PDF của văn bản (kiểm tra trang in, --render)",
        "Chạy lại; nếu vẫn lỗi, mở tệp bằng LibreOffice, xuất PDF xem có lỗi không, rồi gửi tệp cho người phụ trách.",
    ),
]

CODES: dict[str, Code] = {entry.code: entry for entry in _ENTRIES}
