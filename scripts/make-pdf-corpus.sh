#!/usr/bin/env bash
# Regenerates the PDFs in tests/fixtures/pdf/ with real PDF producers, so that
# tests/pdf.rs can compare our extraction with poppler's pdftotext on files that
# LibreOffice, Ghostscript and reportlab wrote. The tests only read the committed PDFs;
# run this by hand after changing what the corpus should contain.
#
# Needs: soffice (libreoffice-writer-nogui), ps2pdf (ghostscript), python3 with
# reportlab (pip install reportlab), and the DejaVu fonts (fonts-dejavu-core).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/pdf
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. LibreOffice Writer: a flat ODF text document on A4 with two columns per page and a
#    hard page break, so the text flows down column one, then column two, then page two.
column_text() {
  local topic=$1 n=$2 i
  for ((i = 1; i <= n; i++)); do
    printf '<text:p text:style-name="Body">%s paragraph %d tells what the analysts found in the %s files, line by line, so that each column is full of words.</text:p>\n' \
      "$topic" "$i" "$topic"
  done
}
{
  cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm"/>
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="11pt"/>
  </style:style>
  <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Body">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="TwoColumns">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
     fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm">
    <style:columns fo:column-count="2" fo:column-gap="1.5cm"/>
   </style:page-layout-properties>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="TwoColumns"/>
 </office:master-styles>
 <office:body>
  <office:text>
XML
  column_text "Damascus" 16
  printf '<text:p text:style-name="Break">Second page: the Moscow statement.</text:p>\n'
  column_text "Moscow" 4
  cat <<'XML'
  </office:text>
 </office:body>
</office:document>
XML
} >"$work/libreoffice-columns.fodt"
soffice --headless --convert-to pdf --outdir "$work" "$work/libreoffice-columns.fodt" >/dev/null
cp "$work/libreoffice-columns.pdf" "$out/"

# 2. Ghostscript: PostScript with the standard Type 1 fonts in the standard encoding,
#    lines drawn with show (Ghostscript writes its own Tj/TJ), two pages.
cat >"$work/ghostscript.ps" <<'PS'
%!PS-Adobe-3.0
/line { 72 exch moveto show } def
/Times-Roman findfont 14 scalefont setfont
(The statement from Moscow was read out on Monday.) 700 line
(It said the departure had never been planned.) 680 line
/Helvetica findfont 12 scalefont setfont
(Officials in Damascus didn't confirm it; the quote's source is a channel.) 650 line
showpage
/Courier findfont 12 scalefont setfont
(Page two lists the bases: Hmeimim and Tartus.) 700 line
/Times-Bold findfont 12 scalefont setfont
(Reports disagree on the evening, the night, the afternoon.) 680 line
showpage
PS
ps2pdf "$work/ghostscript.ps" "$out/ghostscript.pdf"

# 3. reportlab: a TrueType font (embedded subset with a ToUnicode map) with accented
#    Latin text, a page rotated by /Rotate 90, and the " operator written by hand.
python3 - "$out" <<'PY'
import sys
from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

out = sys.argv[1]
pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

c = canvas.Canvas(f"{out}/reportlab-truetype.pdf", pagesize=(595, 842), invariant=1)
c.setFont("DejaVu", 13)
c.drawString(72, 760, "Déclaration de Moscou : le président déchu s'exprime.")
c.drawString(72, 740, "Ça a surpris même ses proches à Damas, où l'on a reçu le texte tard.")
c.drawString(72, 720, "Überraschung in Köln; «niño» y señor en Málaga.")
c.showPage()
c.save()

c = canvas.Canvas(f"{out}/reportlab-rotated.pdf", pagesize=(595, 842), invariant=1)
c.setFont("Helvetica", 12)
c.drawString(72, 760, "An upright first page before the rotated one.")
c.showPage()
# The page is stored portrait and shown turned by 90 degrees clockwise; the text is
# drawn turned a quarter the other way (counter-clockwise), so that a viewer shows it upright in landscape.
c.setPageRotation(90)
c.rotate(90)
c.setFont("Helvetica", 12)
c.drawString(72, -80, "This landscape page reads upright once it is turned.")
c.drawString(72, -100, "Its second line comes after the first one.")
c.showPage()
c.save()

c = canvas.Canvas(f"{out}/reportlab-quote-operators.pdf", pagesize=(595, 842), invariant=1)
t = c.beginText(72, 760)
t.setFont("Helvetica", 12)
t.setLeading(16)
t.textLine("A first line from reportlab's own textLine.")
# The ' operator (next line, show) and the " operator (word and character spacing, next
# line, show), which reportlab does not write itself.
t._code.append("(A second line drawn with the quote operator.) '")
t._code.append("2 0.5 (A third line drawn with the double quote operator.) \"")
c.drawText(t)
c.showPage()
c.save()
PY

ls -l "$out"
