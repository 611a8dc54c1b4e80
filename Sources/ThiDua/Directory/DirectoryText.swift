/// Vietnamese text of the directory (units and people).
enum DirectoryText {
    static let awardHistory = "Lịch sử khen thưởng"
    static func kindLabel(_ kind: UnitKind) -> String {
        switch kind {
        case .agency: "Cơ quan trực thuộc UBND xã"
        case .village: "Thôn"
        case .business: "Doanh nghiệp"
        case .organisation: "MTTQ và các tổ chức"
        case .school: "Trường học, đơn vị sự nghiệp"
        }
    }

    /// Other words people type in a CSV for each kind (folded).
    static func kindSynonyms(_ kind: UnitKind) -> [String] {
        switch kind {
        case .agency: ["co quan", "phong", "ban"]
        case .village: ["thon", "ap", "to dan pho"]
        case .business: ["doanh nghiep", "hop tac xa", "htx", "ho kinh doanh", "cong ty"]
        case .organisation: ["to chuc", "doan the", "mttq", "hoi"]
        case .school: ["truong hoc", "truong", "don vi su nghiep"]
        }
    }

    static func groupLabel(_ group: CriteriaGroup) -> String {
        switch group {
        case .agencies: "1.1 Các cơ quan trực thuộc UBND xã"
        case .organisations: "1.2 MTTQ, tổ chức chính trị - xã hội, xã hội - nghề nghiệp, xã hội"
        case .businesses: "1.3 Doanh nghiệp"
        case .individuals: "1.4 Cá nhân"
        }
    }

    static let unitsTitle = "Đơn vị tham gia"
    static let unitsLead = "Cơ quan, thôn, doanh nghiệp, MTTQ và các tổ chức, trường học tham gia phong trào."
    static let peopleTitle = "Cá nhân"
    static let peopleLead = "Cán bộ, công chức, người lao động và người dân trong danh bạ của xã."
    static let newUnit = "Thêm đơn vị"
    static let editUnit = "Sửa đơn vị"
    static let newPerson = "Thêm cá nhân"
    static let editPerson = "Sửa thông tin cá nhân"
    static let importCSV = "Nhập từ CSV"
    static let exportCSV = "Xuất CSV"
    static let searchLabel = "Tìm theo tên, mã"
    static let searchPeopleLabel = "Tìm theo tên, chức vụ, điện thoại"
    static let allKinds = "Tất cả loại"
    static let allGroups = "Tất cả nhóm"
    static let allUnits = "Tất cả đơn vị"
    static let showInactive = "Gồm cả đơn vị ngừng hoạt động"
    static let showInactivePeople = "Gồm cả người ngừng hoạt động"
    static let count = "%d kết quả"

    static let code = "Mã đơn vị"
    static let codeHint = "Viết liền, chữ in hoa, số, dấu gạch: ví dụ TH-05, DN-012. Không trùng trong xã."
    static let name = "Tên đơn vị"
    static let kind = "Loại đơn vị"
    static let group = "Nhóm tiêu chí"
    static let village = "Thôn (địa bàn)"
    static let villageHint = "Thôn nơi doanh nghiệp, trường học đặt trụ sở (nếu có)."
    static let headName = "Người đứng đầu"
    static let headTitle = "Chức vụ người đứng đầu"
    static let phone = "Điện thoại"
    static let email = "Email"
    static let address = "Địa chỉ"
    static let status = "Trạng thái"
    static let contactsOnly = "Bạn được sửa thông tin liên hệ của đơn vị mình. Tên, mã, loại và nhóm tiêu chí do Phòng Văn hóa - Xã hội quản lý."

    static let fullName = "Họ và tên"
    static let title = "Chức vụ"
    static let unit = "Đơn vị"
    static let noUnit = "— Không thuộc đơn vị nào —"
    static let birthDate = "Ngày sinh"
    /// Danh xưng: "Ông" / "Bà", printed before the name on a Giấy khen.
    static let salutation = "Danh xưng"
    static let noSalutation = "— Không ghi —"
    static let salutationHint = "In trước họ tên trên Giấy khen (Ông/Bà). Để trống nếu không rõ."
    static let importUnknownSalutation = "Danh xưng không hợp lệ: dùng “Ông” hoặc “Bà” (hoặc để trống)."
    static func salutationLabel(_ s: Salutation) -> String {
        switch s {
        case .ong: "Ông"
        case .ba: "Bà"
        }
    }
    static let peopleOfUnit = "Cá nhân thuộc đơn vị"
    /// Below a list whose phones and e-mails are hidden from the reader (``PersonDTO/shown(to:)``).
    static let contactsHidden = "Số điện thoại, thư điện tử và ngày sinh của cá nhân chỉ hiện với Văn phòng, lãnh đạo xã, đầu mối của đơn vị và chính người đó."
    static let unitDetails = "Thông tin đơn vị"
    static let personDetails = "Thông tin cá nhân"
    static let history = "Lịch sử thay đổi"

    static let created = "Đã thêm “%@”."
    static let updated = "Đã lưu thay đổi của “%@”."
    static let deactivated = "Đã chuyển “%@” sang ngừng hoạt động. Dữ liệu vẫn được giữ và có thể khôi phục."
    static let reactivated = "Đã khôi phục “%@”."
    static let confirmDeactivate = "Chuyển sang ngừng hoạt động? Dữ liệu vẫn được giữ lại."

    static let codeTaken = "Mã này đã được dùng cho đơn vị khác trong xã."
    static let codeFormat = "Mã chỉ gồm chữ không dấu, số và các dấu - _ . (tối đa 20 ký tự)."
    static let unknownVillage = "Không tìm thấy thôn này trong xã."
    static let unknownUnit = "Không tìm thấy đơn vị này trong xã."
    static let unitMustBeOwn = "Bạn chỉ được thêm người vào đơn vị của mình."
    static let conflict = "Bản ghi đã được người khác sửa trong lúc bạn sửa. Nội dung bạn nhập vẫn còn bên dưới: hãy xem lại rồi lưu lần nữa."
    static let duplicatePerson = "Đã có người cùng họ tên, ngày sinh và đơn vị."

    // Import
    static let importUnitsTitle = "Nhập đơn vị từ tệp CSV"
    static let importPeopleTitle = "Nhập cá nhân từ tệp CSV"
    static let importLead = "Tệp CSV mã UTF-8 (trong Excel: Lưu thành… → “CSV UTF-8”). Dòng đầu là tiêu đề cột. Nếu có bất kỳ dòng lỗi nào, không dòng nào được nhập: hãy sửa theo danh sách lỗi rồi nhập lại."
    static let importFile = "Tệp CSV"
    static let importSubmit = "Kiểm tra và nhập"
    static let importColumns = "Các cột"
    static let importRequiredMark = "(bắt buộc)"
    static let importDone = "Đã nhập %d dòng."
    static let importFailed = "Chưa nhập dòng nào: tệp có %d lỗi."
    static let importRow = "Dòng"
    static let importColumn = "Cột"
    static let importProblem = "Lỗi"
    static let importNoFile = "Chưa chọn tệp CSV."
    static let importNotUTF8 = "Tệp không phải mã UTF-8. Trong Excel, chọn Lưu thành… → “CSV UTF-8 (phân cách bằng dấu phẩy)” rồi nhập lại."
    static let importEmpty = "Tệp trống: không có dòng tiêu đề."
    static let importNoRows = "Tệp chỉ có dòng tiêu đề, không có dữ liệu."
    static let importMissingColumn = "Thiếu cột bắt buộc “%@”."
    static let importUnterminated = "Dấu ngoặc kép mở ở dòng %d không được đóng."
    static let importDuplicateInFile = "Trùng với dòng %d trong tệp."
    static let importDuplicateCode = "Mã đơn vị đã có trong xã."
    static let importUnknownKind = "Loại đơn vị không hợp lệ: dùng Cơ quan, Thôn, Doanh nghiệp, Tổ chức hoặc Trường học."
    static let importUnknownGroup = "Nhóm tiêu chí của đơn vị phải là 1.1, 1.2 hoặc 1.3 (nhóm 1.4 dành cho cá nhân)."
    static let importTooManyRows = "Tệp có quá nhiều dòng (tối đa \(NumberText.format(Double(ImportLimits.maxRows))) dòng một lần): hãy chia thành nhiều tệp."
    static let importLimits = "Mỗi lần nhập tối đa \(NumberText.format(Double(ImportLimits.maxRows))) dòng, tệp không quá \(ImportLimits.maxFileMB) MB."
    static let importExtraFields = "Dòng có nhiều cột hơn dòng tiêu đề."
}
