//! `imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th Edition: one SCO that
//! holds the whole course.

use crate::course::config::ScormVersion;
use crate::escape::{url_path, xml as xml_escape};

/// What a manifest says about its package.
pub struct ManifestInfo<'a> {
    pub identifier: &'a str,
    pub version: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    /// The pass mark, when the LMS may decide passed/failed from the score.
    /// Left out otherwise: Moodle recomputes the status from a mastery score
    /// and would overwrite "completed" or "incomplete".
    pub mastery: Option<f64>,
    /// Every file of the package except the manifest, `/`-separated, sorted.
    pub files: &'a [String],
}

/// A mastery score as the smallest decimal that says it (80, 72.5).
fn number(n: f64) -> String {
    let s = format!("{n:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn files_xml(files: &[String]) -> String {
    files
        .iter()
        .map(|f| format!("      <file href=\"{}\"/>\n", xml_escape(&url_path(f))))
        .collect()
}

pub fn manifest(version: ScormVersion, m: &ManifestInfo) -> String {
    match version {
        ScormVersion::Scorm12 => scorm12(m),
        ScormVersion::Scorm2004 => scorm2004(m),
    }
}

fn scorm12(m: &ManifestInfo) -> String {
    let (id, title, lang) = (
        xml_escape(m.identifier),
        xml_escape(m.title),
        xml_escape(m.lang),
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="{version}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="{lang}">{title}</imsmd:langstring></imsmd:title>
        <imsmd:language>{lang}</imsmd:language>
        <imsmd:description><imsmd:langstring xml:lang="{lang}">{description}</imsmd:langstring></imsmd:description>
      </imsmd:general>
      <imsmd:lifecycle>
        <imsmd:version><imsmd:langstring xml:lang="x-none">{version}</imsmd:langstring></imsmd:version>
      </imsmd:lifecycle>
    </imsmd:lom>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="sco-1" isvisible="true">
        <title>{title}</title>
{mastery}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
{files}    </resource>
  </resources>
</manifest>
"#,
        version = xml_escape(m.version),
        description = xml_escape(m.description),
        mastery = m
            .mastery
            .map(|p| format!(
                "        <adlcp:masteryscore>{}</adlcp:masteryscore>\n",
                number(p)
            ))
            .unwrap_or_default(),
        files = files_xml(m.files),
    )
}

fn scorm2004(m: &ManifestInfo) -> String {
    let (id, title, lang) = (
        xml_escape(m.identifier),
        xml_escape(m.title),
        xml_escape(m.lang),
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="{version}"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:lom="http://ltsc.ieee.org/xsd/LOM"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd http://ltsc.ieee.org/xsd/LOM lom.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
    <lom:lom>
      <lom:general>
        <lom:title><lom:string language="{lang}">{title}</lom:string></lom:title>
        <lom:language>{lang}</lom:language>
        <lom:description><lom:string language="{lang}">{description}</lom:string></lom:description>
      </lom:general>
      <lom:lifeCycle>
        <lom:version><lom:string language="x-none">{version}</lom:string></lom:version>
      </lom:lifeCycle>
    </lom:lom>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="sco-1" isvisible="true">
        <title>{title}</title>
        <imsss:sequencing>
{objectives}          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-1" type="webcontent" adlcp:scormType="sco" href="index.html">
{files}    </resource>
  </resources>
</manifest>
"#,
        version = xml_escape(m.version),
        description = xml_escape(m.description),
        objectives = m
            .mastery
            .map(|p| format!(
                "          <imsss:objectives>\n            <imsss:primaryObjective objectiveID=\"course-passed\" satisfiedByMeasure=\"true\">\n              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>\n            </imsss:primaryObjective>\n          </imsss:objectives>\n",
                number(p / 100.0)
            ))
            .unwrap_or_default(),
        files = files_xml(m.files),
    )
}
