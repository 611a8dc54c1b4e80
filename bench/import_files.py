#!/usr/bin/env python3
"""Writes the CSV files of bench/import.sh in the import format (Excel's "CSV UTF-8": comma, CRLF; no BOM so that
sqlite3 .import reads the very same bytes): OUT/units.csv with UNITS units (a tenth of them villages, the others
pointing at one) and OUT/people.csv with PEOPLE people spread over those units, names with diacritics."""
import os
import random
import sys

out, units, people = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(2026)
family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân"]
given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn",
         "Thảo", "Trang", "Tuấn", "Việt", "Yến"]
titles = ["Công chức Văn hóa - Xã hội", "Trưởng thôn", "Giáo viên", "Kế toán", "Nông dân", "Chủ hộ kinh doanh", "",
          "Cán bộ phụ trách chuyển đổi số, hướng dẫn người dân dùng dịch vụ công trực tuyến"]
kinds = ["Cơ quan", "Doanh nghiệp", "Tổ chức", "Trường học"]
codes = []
with open(os.path.join(out, "units.csv"), "w", encoding="utf-8", newline="") as f:
    f.write("Mã đơn vị,Tên đơn vị,Loại đơn vị,Nhóm tiêu chí,Mã thôn,Người đứng đầu,Chức vụ người đứng đầu,Điện thoại,Email,Địa chỉ\r\n")
    villages = []
    for i in range(units):
        code = f"DV-{i:05d}"
        codes.append(code)
        head = f"{rnd.choice(family)} {rnd.choice(middle)} {rnd.choice(given)}"
        if i % 10 == 0:
            villages.append(code)
            f.write(f"{code},Thôn Thử Nghiệm {i},Thôn,,,{head},Trưởng thôn,0912{i:06d},,\r\n")
        else:
            kind = kinds[i % len(kinds)]
            f.write(f"{code},\"Đơn vị {kind.lower()} số {i}, xã Nghĩa Trung\",{kind},,{rnd.choice(villages)},{head},Giám đốc,"
                    f"0913{i:06d},donvi{i}@vd.vn,\"Thôn {i % 22 + 1}, xã Nghĩa Trung\"\r\n")
with open(os.path.join(out, "people.csv"), "w", encoding="utf-8", newline="") as f:
    f.write("Họ và tên,Chức vụ,Mã đơn vị,Điện thoại,Email,Ngày sinh\r\n")
    for i in range(people):
        name = f"{rnd.choice(family)} {rnd.choice(middle)} {rnd.choice(given)} {i}"
        title = rnd.choice(titles)
        if "," in title:
            title = f"\"{title}\""
        unit = codes[i % len(codes)] if codes and i % 5 else ""
        f.write(f"{name},{title},{unit},09{i:08d},nguoi{i}@vd.vn,{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1950, 2005)}\r\n")
