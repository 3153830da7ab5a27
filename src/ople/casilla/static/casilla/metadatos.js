/* PREP Casilla · the photo without the camera's metadata, before it is hashed and queued.
 *
 * A phone's camera writes into the JPEG an Exif block (GPS position, make and model of the
 * phone, times, a thumbnail) and sometimes XMP. None of it is part of the acta, and the image
 * ople stores is the one the public site publishes, named by its SHA-256. So the photo is
 * cleaned on the phone, before its hash is computed: every APP1 segment holding Exif or XMP is
 * dropped; the Exif orientation, which makes the acta display upright, is kept as a minimal
 * Exif of one entry in the place of the first one. The compressed image itself (everything from
 * the start of scan on) is copied byte for byte. Anything that is not a plain JPEG, or has
 * nothing to drop, is returned as it is. tests/casilla/test_app_e2e.py checks it in Chromium
 * against Pillow's reading of the result.
 */
(function (global) {
  "use strict";

  const EXIF = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"
  const XMP = Array.from("http://ns.adobe.com/x", (c) => c.charCodeAt(0)); // xap/1.0/ and xmp/extension/

  function empieza(bytes, prefijo) {
    if (bytes.length < prefijo.length) return false;
    for (let k = 0; k < prefijo.length; k++) if (bytes[k] !== prefijo[k]) return false;
    return true;
  }

  /* The Orientation (tag 0x0112, a SHORT) of the first IFD of an Exif TIFF block; 0 if none. */
  function orientacion(t) {
    if (t.length < 8) return 0;
    const le = t[0] === 0x49 && t[1] === 0x49;
    if (!le && !(t[0] === 0x4d && t[1] === 0x4d)) return 0;
    const u16 = (o) => (le ? t[o] | (t[o + 1] << 8) : (t[o] << 8) | t[o + 1]);
    const u32 = (o) =>
      le
        ? (t[o] | (t[o + 1] << 8) | (t[o + 2] << 16)) + t[o + 3] * 0x1000000
        : t[o] * 0x1000000 + ((t[o + 1] << 16) | (t[o + 2] << 8) | t[o + 3]);
    const ifd = u32(4);
    if (ifd + 2 > t.length) return 0;
    const n = u16(ifd);
    for (let k = 0; k < n; k++) {
      const e = ifd + 2 + 12 * k;
      if (e + 12 > t.length) return 0;
      if (u16(e) === 0x0112 && u16(e + 2) === 3) return u16(e + 8);
    }
    return 0;
  }

  /* An APP1 segment with an Exif block whose only entry is the orientation (big-endian TIFF). */
  function exifDeOrientacion(valor) {
    return new Uint8Array([
      0xff, 0xe1, 0x00, 0x22, // APP1, length 34
      ...EXIF,
      0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, first IFD at 8
      0x00, 0x01, // one entry
      0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, valor, 0x00, 0x00, // Orientation
      0x00, 0x00, 0x00, 0x00, // no next IFD
    ]);
  }

  async function sinMetadatos(blob) {
    const b = new Uint8Array(await blob.arrayBuffer());
    if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return blob;
    const partes = [b.subarray(0, 2)];
    let i = 2;
    let quitado = false;
    let lugar = -1; // where the first Exif segment was, among the parts kept
    let valor = 0;
    for (;;) {
      // Anything unusual before the scan (fill bytes, a marker without length, a segment
      // running past the end): not ours to rewrite.
      if (i + 4 > b.length || b[i] !== 0xff) return blob;
      const marca = b[i + 1];
      if (marca === 0xda) break; // start of scan: the rest is the image
      if (marca === 0xff || marca === 0x01 || (marca >= 0xd0 && marca <= 0xd9)) return blob;
      const fin = i + 2 + ((b[i + 2] << 8) | b[i + 3]);
      if (fin < i + 4 || fin > b.length) return blob;
      const carga = b.subarray(i + 4, fin);
      if (marca === 0xe1 && empieza(carga, EXIF)) {
        if (lugar < 0) {
          lugar = partes.length;
          valor = orientacion(carga.subarray(EXIF.length));
        }
        quitado = true;
      } else if (marca === 0xe1 && empieza(carga, XMP)) {
        quitado = true;
      } else {
        partes.push(b.subarray(i, fin));
      }
      i = fin;
    }
    if (!quitado) return blob;
    if (lugar >= 0 && valor >= 2 && valor <= 8) partes.splice(lugar, 0, exifDeOrientacion(valor));
    partes.push(b.subarray(i));
    return new Blob(partes, { type: blob.type || "image/jpeg" });
  }

  global.OpleMetadatos = { sinMetadatos };
})(self);
